#!/usr/bin/env bash
# Vehicle registry at scale: seeds a separate database (fleetcore_bench) with the demo data at
# --scale 100 (KazFleet 52,000 vehicles, Atlas Tours 8,000), timing the seed, then measures the
# release server with bench/loadgen at 16 concurrent clients: the list page (page 1, a filtered
# page, a search, a deep page, the cards), the same list over REST, and a vehicle's page.
# Prints requests/s, p50/p99 latency, bytes per response and the server's RSS. Asserts nothing.
#
#   bench/vehicles.sh [seconds per target, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-10}"
SCALE="${SCALE:-100}"
export FLEETCORE_DB=fleetcore_bench
scripts/db.sh start >/dev/null
# A fresh database each run, so the seed is timed from empty.
FLEETCORE_DB=fleetcore scripts/db.sh psql -q -c "drop database if exists fleetcore_bench" -c "create database fleetcore_bench"
source scripts/env.sh
[ "${SKIP_BUILD:-}" = 1 ] || scripts/build.sh --release
cargo build --release -q -p loadgen
BIN="$ROOT/target/release/fleetcore"
export RUST_LOG=warn LEPTOS_SITE_ADDR=127.0.0.1:3951 FLEETCORE_THROTTLE_PER_IP=1000000

"$BIN" migrate
start=$(date +%s.%N)
"$BIN" seed --scale "$SCALE"
printf '== seed --scale %s: %.1f s\n' "$SCALE" "$(echo "$(date +%s.%N) - $start" | bc)"
psql_count() { scripts/db.sh psql -tA -c "$1"; }
printf '== vehicles: %s, audit entries: %s, vehicles table + indexes: %s\n' \
  "$(psql_count 'select count(*) from vehicles')" "$(psql_count 'select count(*) from audit_log')" \
  "$(psql_count "select pg_size_pretty(pg_total_relation_size('vehicles'))")"

"$BIN" serve >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
base="http://$LEPTOS_SITE_ADDR"
for _ in $(seq 1 60); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.5; done
printf '== server RSS at start: %s\n' "$(grep VmRSS "/proc/$server/status" | awk '{print $2" kB"}')"

token=$(curl -sf "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"manager@kazfleet.demo","password":"fleetcore-demo"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
vehicle=$(curl -sf "$base/api/v1/vehicles?per_page=25&q=camry" -H "Authorization: Bearer $token" \
  | sed -E 's/^[^[]*\[\{"id":"([^"]+)".*/\1/')
deep=$(( 52000 * SCALE / 100 / 50 - 10 ))
[ "$deep" -gt 1 ] || deep=2

"$ROOT/target/release/loadgen" --base "$base" --token "$token" --pid "$server" \
  --concurrency "${CONCURRENCY:-16}" --seconds "$SECONDS_PER_TARGET" \
  "page 1=/vehicles" \
  "filtered=/vehicles?brand=Toyota&body_type=suv&year_from=2018&sort=year&dir=desc" \
  "search=/vehicles?q=camry" \
  "search plate=/vehicles?q=123a" \
  "deep page=/vehicles?page=$deep" \
  "cards=/vehicles?view=cards&sort=mileage&dir=desc" \
  "REST page 1=/api/v1/vehicles" \
  "REST filtered=/api/v1/vehicles?brand=Toyota&body_type=suv&year_from=2018&sort=year&dir=desc" \
  "REST search=/api/v1/vehicles?q=camry" \
  "REST deep page=/api/v1/vehicles?page=$deep" \
  "detail page=/vehicles/$vehicle" \
  "REST detail=/api/v1/vehicles/$vehicle"
printf '== server memory at the end: %s\n' "$(grep -E 'VmRSS|VmHWM' "/proc/$server/status" | awk '{printf "%s %s kB  ", $1, $2}')"
