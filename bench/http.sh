#!/usr/bin/env bash
# HTTP benchmark: requests/s and latency percentiles (wrk) for the health check, the REST
# "who am I" (token check + one query under RLS), the signed-in dashboard page (SSR) and sign-in
# (argon2id, deliberately slow), plus the server's resident memory. Prints figures; asserts nothing.
# Needs the demo data (scripts/run.sh or scripts/test.sh ran once). Loopback only.
#
#   bench/http.sh [duration, default 10s]      (builds and measures the release server)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10s}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
scripts/db.sh start >/dev/null
source scripts/env.sh
[ "${SKIP_BUILD:-}" = 1 ] || scripts/build.sh --release
FLEETCORE_BIN="$ROOT/target/release/fleetcore"
export LEPTOS_SITE_ADDR=127.0.0.1:3950 RUST_LOG=warn FLEETCORE_THROTTLE_PER_IP=1000000
"$FLEETCORE_BIN" seed >/dev/null
"$FLEETCORE_BIN" serve >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
base="http://$LEPTOS_SITE_ADDR"
for _ in $(seq 1 60); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.5; done
printf '== server memory at start\n'
grep VmRSS "/proc/$server/status"

token=$(curl -sf "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"manager@kazfleet.demo","password":"fleetcore-demo"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
lua=$(mktemp)
cat > "$lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"email":"viewer@kazfleet.demo","password":"fleetcore-demo"}'
wrk.headers["Content-Type"] = "application/json"
LUA

run() {
  local name=$1; shift
  printf '\n== %s\n' "$name"
  wrk -t2 -c"${CONNECTIONS:-16}" -d"$DURATION" --latency "$@" | grep -E "Requests/sec|50%|99%|Non-2xx"
  grep VmRSS "/proc/$server/status"
}
run "GET /healthz" "$base/healthz"
run "GET /api/v1/auth/me (bearer)" -H "Authorization: Bearer $token" "$base/api/v1/auth/me"
run "GET / (dashboard, SSR, cookie)" -H "Cookie: fc_access=$token" "$base/"
CONNECTIONS=4 run "POST /api/v1/auth/login (argon2id)" -s "$lua" "$base/api/v1/auth/login"
printf '\n== server memory at the end\n'
grep -E "VmRSS|VmHWM" "/proc/$server/status"
