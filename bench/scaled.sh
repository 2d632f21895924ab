# Shared by the benchmarks that need the demo data at scale (sourced, not run): a separate
# database (BENCH_DB, default fleetcore_bench) seeded at --scale $SCALE (default 100) from empty,
# timing the seed, and the release server on it with a fleet manager's token. Defines `server`,
# `base`, `token`, `BIN`, `psql_count` and `cold_start` (seconds from launch to /readyz answering);
# stops the server on exit.
#
# SKIP_BUILD=1 reuses the release build, SKIP_SEED=1 reuses the database of an earlier run,
# BIN=path measures another build of the server (an older one, for before/after figures).
SCALE="${SCALE:-100}"
export FLEETCORE_DB="${BENCH_DB:-fleetcore_bench}"
scripts/db.sh start >/dev/null
source scripts/env.sh
[ "${SKIP_BUILD:-}" = 1 ] || scripts/build.sh --release
cargo build --release -q -p loadgen
BIN="${BIN:-$ROOT/target/release/fleetcore}"
export RUST_LOG=warn LEPTOS_SITE_ADDR=127.0.0.1:3951 FLEETCORE_THROTTLE_PER_IP=1000000
psql_count() { scripts/db.sh psql -tA -c "$1"; }

if [ "${SKIP_SEED:-}" != 1 ]; then
  # A fresh database each run, so the seed is timed from empty.
  FLEETCORE_DB=fleetcore scripts/db.sh psql -q -c "drop database if exists $FLEETCORE_DB" -c "create database $FLEETCORE_DB"
  "$BIN" migrate
  start=$(date +%s.%N)
  "$BIN" seed --scale "$SCALE"
  printf '== seed --scale %s: %.1f s\n' "$SCALE" "$(echo "$(date +%s.%N) - $start" | bc)"
fi

start=$(date +%s.%N)
"$BIN" serve >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
base="http://$LEPTOS_SITE_ADDR"
for _ in $(seq 1 3000); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.01; done
cold_start=$(printf '%.2f' "$(echo "$(date +%s.%N) - $start" | bc)")
printf '== server RSS at start: %s\n' "$(grep VmRSS "/proc/$server/status" | awk '{print $2" kB"}')"
token=$(curl -sf "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"manager@kazfleet.demo","password":"fleetcore-demo"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
