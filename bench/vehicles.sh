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
source bench/scaled.sh
printf '== vehicles: %s, audit entries: %s, vehicles table + indexes: %s\n' \
  "$(psql_count 'select count(*) from vehicles')" "$(psql_count 'select count(*) from audit_log')" \
  "$(psql_count "select pg_size_pretty(pg_total_relation_size('vehicles'))")"

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
