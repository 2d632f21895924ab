#!/usr/bin/env bash
# Expenses, contracts and budgets at scale: on the demo data at --scale 10 by default (see
# bench/scaled.sh; a year of expenses for every vehicle, about 600,000 at scale 10, with daily
# exchange rates, contracts and budgets) measures the release server with bench/loadgen at 16
# concurrent clients: the expense list with its converted totals (all, fuel only, one vehicle),
# a vehicle's costs and consumption, the fleet consumption by model, the contracts page and its
# expiring filter, the payments due, and the budgets; then times fuel-card imports of a 500-row
# statement (a dry run, then the import) with curl. Prints requests/s, p50/p99 latency, bytes per
# response, the server's RSS and the tables' sizes. Asserts nothing.
#
#   bench/expenses.sh [seconds per target, default 10]      SCALE=100 for the big one
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-10}"
SCALE="${SCALE:-10}"
source bench/scaled.sh
printf '== expenses: %s (fuel: %s), contracts: %s, budgets: %s; expenses table + indexes: %s\n' \
  "$(psql_count 'select count(*) from expenses')" "$(psql_count "select count(*) from expenses where category = 'fuel'")" \
  "$(psql_count 'select count(*) from contracts')" "$(psql_count 'select count(*) from budgets')" \
  "$(psql_count "select pg_size_pretty(pg_total_relation_size('expenses'))")"

auth=(-H "Authorization: Bearer $token")
vehicle=$(curl -sf "$base/api/v1/vehicles?per_page=25&q=camry" "${auth[@]}" | sed -E 's/^[^[]*\[\{"id":"([^"]+)".*/\1/')

"$ROOT/target/release/loadgen" --base "$base" --token "$token" --pid "$server" \
  --concurrency "${CONCURRENCY:-16}" --seconds "$SECONDS_PER_TARGET" \
  "expenses page=/expenses" \
  "REST expenses + totals=/api/v1/expenses?per_page=50" \
  "REST fuel, last 30 days=/api/v1/expenses?category=fuel&from=$(date -d '-30 days' +%F)&per_page=50" \
  "vehicle expenses tab=/vehicles/$vehicle/expenses" \
  "REST vehicle costs=/api/v1/expenses/costs/$vehicle" \
  "REST fleet consumption=/api/v1/expenses/consumption" \
  "REST fleet consumption, 90 days=/api/v1/expenses/consumption?from=$(date -d '-90 days' +%F)" \
  "contracts page=/contracts" \
  "REST contracts expiring in 30 days=/api/v1/contracts/expiring?within=30" \
  "REST payments due=/api/v1/contracts/payments" \
  "budgets page=/expenses/budgets" \
  "REST budgets=/api/v1/budgets"

# A fuel-card statement of 500 fills over the last 25 days, 20 vehicles of the first page,
# without odometers (the demo's readings would refuse made-up ones), then previewed and imported.
plates=$(curl -sf "$base/api/v1/vehicles?per_page=20&status=active" "${auth[@]}" | grep -oE '"plate":"[^"]+"' | sed -E 's/"plate":"([^"]+)"/\1/')
csv="Date;Plate;Station;Litres;Amount"
for i in $(seq 0 499); do
  plate=$(sed -n "$(( i % 20 + 1 ))p" <<<"$plates")
  csv+=$'\n'"$(date -d "-$(( i / 20 + 1 )) days" +%d.%m.%Y);$plate;Bench;$(( 20 + i % 37 )),$(( i % 10 ));$(( 9000 + i ))"
done
statement=$(mktemp)
printf '%s' "$csv" | python3 -c 'import json,sys; print(json.dumps({"csv": sys.stdin.read(), "dry_run": sys.argv[1] == "dry"}))' dry > "$statement"
import_once() {
  local label=$1 start
  start=$(date +%s%N)
  out=$(curl -sf "$base/api/v1/expenses/fuel-import" "${auth[@]}" -H 'content-type: application/json' --data-binary @"$statement")
  printf '== fuel-card import, %s of 500 rows: %.0f ms (rows %s, refused %s, written %s)\n' "$label" \
    "$(echo "($(date +%s%N) - $start) / 1000000" | bc -l)" \
    "$(grep -oE '"rows":[0-9]+' <<<"$out" | cut -d: -f2)" "$(grep -oE '"refused":[0-9]+' <<<"$out" | cut -d: -f2)" \
    "$(grep -oE '"written":[0-9]+' <<<"$out" | cut -d: -f2)"
}
import_once "dry run"
printf '%s' "$csv" | python3 -c 'import json,sys; print(json.dumps({"csv": sys.stdin.read()}))' > "$statement"
import_once "import"
import_once "the same again (every row a duplicate)"
rm -f "$statement"
printf '== server memory at the end: %s\n' "$(grep -E 'VmRSS|VmHWM' "/proc/$server/status" | awk '{printf "%s %s kB  ", $1, $2}')"
