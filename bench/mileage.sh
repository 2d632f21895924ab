#!/usr/bin/env bash
# Mileage at scale: on the demo data at --scale 100 (see bench/scaled.sh; every vehicle in
# service has a year of readings, about 2.5 million in all) measures the release server with
# bench/loadgen at 16 concurrent clients: a vehicle's mileage tab (figures, monthly distance,
# readings), the same over REST, the bulk entry page of a department and a deep page of it; then
# times single readings and a 50-row bulk entry one after the other with curl. Prints
# requests/s, p50/p99 latency, bytes per response, the server's RSS and the table's size.
# Asserts nothing.
#
#   bench/mileage.sh [seconds per target, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-10}"
source bench/scaled.sh
printf '== readings: %s, mileage_readings table + indexes: %s\n' \
  "$(psql_count 'select count(*) from mileage_readings')" \
  "$(psql_count "select pg_size_pretty(pg_total_relation_size('mileage_readings'))")"

auth=(-H "Authorization: Bearer $token")
vehicle=$(curl -sf "$base/api/v1/vehicles?per_page=25&q=camry" "${auth[@]}" | sed -E 's/^[^[]*\[\{"id":"([^"]+)".*/\1/')
department=$(curl -sf "$base/api/v1/vehicles/$vehicle" "${auth[@]}" | sed -E 's/.*"department":"([^"]+)".*/\1/')
urlencode() {
  local LC_ALL=C s="$1" c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in [a-zA-Z0-9.~_-]) printf %s "$c" ;; *) printf '%%%02X' "'$c" ;; esac
  done
}
department_q=$(urlencode "$department")
deep=$(( 46000 * SCALE / 100 / 50 - 10 ))
[ "$deep" -gt 1 ] || deep=2

"$ROOT/target/release/loadgen" --base "$base" --token "$token" --pid "$server" \
  --concurrency "${CONCURRENCY:-16}" --seconds "$SECONDS_PER_TARGET" \
  "mileage tab=/vehicles/$vehicle/mileage" \
  "REST readings=/api/v1/mileage?vehicle_id=$vehicle" \
  "REST stats=/api/v1/mileage/stats/$vehicle" \
  "entry, department=/mileage?department=$department_q" \
  "entry, deep page=/mileage?page=$deep"

# Writes, one at a time: each takes the vehicle's lock, finds its neighbours and past rates,
# writes the reading, the current mileage and the audit entry.
current=$(curl -sf "$base/api/v1/mileage/stats/$vehicle" "${auth[@]}" | sed -E 's/.*"current_km":([0-9]+).*/\1/')
start=$(date +%s%N)
for i in $(seq 1 100); do
  curl -sf -o /dev/null "$base/api/v1/mileage" "${auth[@]}" -H 'content-type: application/json' \
    -d "{\"vehicle\":\"$vehicle\",\"value\":\"$((current + i))\",\"recorded_at\":\"\"}"
done
printf '== 100 single readings in sequence: %.1f ms each (curl included)\n' "$(echo "($(date +%s%N) - $start) / 100000000" | bc -l)"
# Each vehicle of the department's first page a kilometre further than it is now.
rows=$(curl -sf "$base/api/v1/vehicles?per_page=50&department=$department_q" "${auth[@]}" \
  | grep -oE '"id":"[0-9a-f-]{36}"|"current_mileage":[0-9]+' | paste - - \
  | sed -E 's/"id":"([^"]+)"\t"current_mileage":([0-9]+)/\1 \2/' \
  | while read -r id km; do printf '{"vehicle":"%s","value":"%s"}\n' "$id" "$((km + 1))"; done | paste -sd,)
start=$(date +%s%N)
outcome=$(curl -sf "$base/api/v1/mileage/bulk" "${auth[@]}" -H 'content-type: application/json' -d "{\"rows\":[$rows]}")
printf '== bulk entry of %s rows: %.0f ms (%s)\n' "$(grep -o vehicle <<<"$rows" | wc -l)" \
  "$(echo "($(date +%s%N) - $start) / 1000000" | bc -l)" "$(sed -E 's/"failed":\[.*\]/"failed":[…]/' <<<"$outcome")"
printf '== server memory at the end: %s\n' "$(grep -E 'VmRSS|VmHWM' "/proc/$server/status" | awk '{printf "%s %s kB  ", $1, $2}')"
