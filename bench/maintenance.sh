#!/usr/bin/env bash
# Maintenance at scale: on the demo data at --scale 100 (see bench/scaled.sh; every vehicle in
# service has a year of work orders, two programs' next ones and a dozen inspections per
# tenant) measures the release server with bench/loadgen at 16 concurrent clients: the board,
# its overdue filter, the list view with two due states, the REST due filter, the calendar
# (month and week), a vehicle's maintenance tab, the programs page and the inspections page;
# then times rescheduling, starting and completing work orders one after the other with curl.
# Prints requests/s, p50/p99 latency, bytes per response, the server's RSS and the table's size.
# Asserts nothing.
#
#   bench/maintenance.sh [seconds per target, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-10}"
source bench/scaled.sh
printf '== work orders: %s (open: %s), maintenance_records table + indexes: %s\n' \
  "$(psql_count 'select count(*) from maintenance_records')" \
  "$(psql_count "select count(*) from maintenance_records where status in ('scheduled', 'in_progress')")" \
  "$(psql_count "select pg_size_pretty(pg_total_relation_size('maintenance_records'))")"

auth=(-H "Authorization: Bearer $token")
vehicle=$(curl -sf "$base/api/v1/vehicles?per_page=25&q=camry" "${auth[@]}" | sed -E 's/^[^[]*\[\{"id":"([^"]+)".*/\1/')

"$ROOT/target/release/loadgen" --base "$base" --token "$token" --pid "$server" \
  --concurrency "${CONCURRENCY:-16}" --seconds "$SECONDS_PER_TARGET" \
  "board=/maintenance" \
  "board, overdue=/maintenance?due=overdue" \
  "list, due soon + overdue=/maintenance?view=list&due=due_soon&due=overdue" \
  "REST overdue=/api/v1/maintenance?due=overdue&per_page=50" \
  "calendar, month=/maintenance/calendar" \
  "calendar, week=/maintenance/calendar?view=week" \
  "REST calendar=/api/v1/maintenance/calendar" \
  "vehicle tab=/vehicles/$vehicle/maintenance" \
  "programs=/maintenance/programs" \
  "inspections=/inspections"

# Writes, one at a time, each one transaction with its audit entry: rescheduling the scheduled
# work of the board's first page, then starting and completing it (completing records the
# odometer through the mileage rules and, for program work, plans the next).
ids=$(curl -sf "$base/api/v1/maintenance?status=scheduled&per_page=50" "${auth[@]}" | grep -oE '"id":"[0-9a-f-]{36}","vehicle_id":"[0-9a-f-]{36}"' | sed -E 's/"id":"([^"]+)","vehicle_id":"([^"]+)"/\1 \2/')
count=$(wc -l <<<"$ids")
day=$(date -d '+3 days' +%F)
time_each() {
  local label=$1 start; shift
  start=$(date +%s%N)
  while read -r id vehicle_id; do "$@" "$id" "$vehicle_id"; done <<<"$ids"
  printf '== %s × %s in sequence: %.1f ms each (curl included)\n' "$label" "$count" "$(echo "($(date +%s%N) - $start) / $count / 1000000" | bc -l)"
}
post() { curl -sf -o /dev/null "$base/api/v1/maintenance/$1/$2" "${auth[@]}" -H 'content-type: application/json' -d "$3"; }
reschedule() { post "$1" reschedule "{\"scheduled_on\":\"$day\"}"; }
start() { post "$1" move '{"to":"in_progress"}'; }
complete() {
  local km
  km=$(curl -sf "$base/api/v1/vehicles/$2" "${auth[@]}" | sed -E 's/.*"current_mileage":([0-9]+).*/\1/')
  post "$1" move "{\"to\":\"completed\",\"mileage\":\"$((km + 5))\",\"confirm\":\"true\"}"
}
time_each reschedule reschedule
time_each start start
time_each "complete (a vehicle read + the move)" complete
printf '== server memory at the end: %s\n' "$(grep -E 'VmRSS|VmHWM' "/proc/$server/status" | awk '{printf "%s %s kB  ", $1, $2}')"
