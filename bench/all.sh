#!/usr/bin/env bash
# Issue 18's table: every request it names, measured on the release server over the demo data at
# --scale SCALE (a database of its own, fleetcore_bench_SCALE, seeded from empty) with
# bench/loadgen at 16 concurrent clients. For each: requests/s, p50/p99 latency, bytes per
# response, SQL statements per request (pg_stat_statements: every statement the server ran,
# BEGIN/COMMIT and the tenant's set_config included, divided by the requests sent) and the
# server's peak RSS while it ran. Then the server's RSS idle and at its worst, the cold start,
# and the browser's wasm/JS/CSS sizes (bench/size.sh). Asserts nothing.
#
#   bench/all.sh SCALE [seconds per target, default 10]
#
# SKIP_SEED=1 reuses the database of an earlier run at that scale, SKIP_BUILD=1 the release
# build; BIN=path measures another server build on the same data (before/after figures).
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE="${1:?usage: bench/all.sh SCALE [seconds per target]}"
SECONDS_PER_TARGET="${2:-10}"
BENCH_DB="fleetcore_bench_$SCALE"
# A PostgreSQL started before scripts/db.sh loaded pg_stat_statements is restarted with it.
scripts/db.sh start >/dev/null
if ! FLEETCORE_DB=postgres scripts/db.sh super -tA -c "show shared_preload_libraries" | grep -q pg_stat_statements; then
  scripts/db.sh stop >/dev/null && scripts/db.sh start >/dev/null
fi
source bench/scaled.sh
idle_rss=$(grep VmRSS "/proc/$server/status" | awk '{print $2}')

scripts/db.sh super -q -c "create extension if not exists pg_stat_statements"
statements="scripts/db.sh super -tA -c \"select coalesce(sum(calls), 0) from pg_stat_statements
  where dbid = (select oid from pg_database where datname = current_database()) and userid <> 'postgres'::regrole\""

printf '== %s vehicles, %s drivers, %s work orders, %s expenses\n' \
  "$(psql_count 'select count(*) from vehicles')" "$(psql_count 'select count(*) from drivers')" \
  "$(psql_count 'select count(*) from maintenance_records')" "$(psql_count 'select count(*) from expenses')"
auth=(-H "Authorization: Bearer $token")
vehicle=$(curl -sf "$base/api/v1/vehicles?per_page=25&q=camry" "${auth[@]}" | sed -E 's/^[^[]*\[\{"id":"([^"]+)".*/\1/')
# The issue measured page 150 of 208 at scale 20: the same depth at any scale.
deep=$(( 150 * SCALE / 20 ))
month_start=$(date +%Y-%m-01)
today=$(date +%F)

"$ROOT/target/release/loadgen" --base "$base" --token "$token" --pid "$server" \
  --statements-cmd "$statements" --concurrency "${CONCURRENCY:-16}" --seconds "$SECONDS_PER_TARGET" \
  "REST vehicle=/api/v1/vehicles/$vehicle" \
  "REST vehicles, filtered + sorted=/api/v1/vehicles?status=active&brand=Toyota&sort=year&dir=desc&per_page=50" \
  "REST vehicles, search camry=/api/v1/vehicles?q=camry&per_page=50" \
  "REST vehicles, page $deep=/api/v1/vehicles?per_page=50&page=$deep" \
  "REST expenses, all time=/api/v1/expenses?per_page=50" \
  "REST expenses, this month=/api/v1/expenses?per_page=50&from=$month_start&to=$today" \
  "REST fleet consumption=/api/v1/expenses/consumption" \
  "REST maintenance, overdue=/api/v1/maintenance?due=overdue&per_page=50" \
  "REST maintenance calendar=/api/v1/maintenance/calendar" \
  "REST budgets=/api/v1/budgets" \
  "REST contract payments due=/api/v1/contracts/payments" \
  "/vehicles page=/vehicles" \
  "/maintenance board=/maintenance" \
  "/maintenance/calendar page=/maintenance/calendar"

printf '== server RSS idle (after start): %s MiB; peak over the whole run: %s MiB\n' \
  "$(( idle_rss / 1024 ))" "$(( $(grep VmHWM "/proc/$server/status" | awk '{print $2}') / 1024 ))"
printf '== cold start (launch to /readyz answering): %s s\n' "$cold_start"
bench/size.sh
