#!/usr/bin/env bash
# Runs every test: the house rules (rustfmt, locales, clippy), unit, SQL and HTTP (cargo), then
# the browser tests (Playwright, with JavaScript off and hydrated) against a real server with the
# demo data. The tests have a database of their own (fleetcore_test), made fresh on every run:
# whatever someone does in the demo that scripts/run.sh serves never changes what they find.
set -euo pipefail
cd "$(dirname "$0")/.."
export FLEETCORE_DB=fleetcore_test
# The build needs several GB: when a link dies of a bus error, these lines tell whether the disk ran out.
disk() { echo "[test] disk $1: $(df -h --output=avail . | tail -1 | tr -d ' ') free, target/ $(du -sh target 2>/dev/null | cut -f1)"; }
disk before
scripts/setup.sh
scripts/lint.sh quick
scripts/db.sh fresh
source scripts/env.sh
start=$(date +%s)
# With the server's test targets, so dependencies get the features the tests' dev-dependencies
# (reqwest) add: the cargo tests below then reuse this build instead of compiling `app` again.
scripts/build.sh --bin-cargo-args=--tests
echo "[test] build took $(( $(date +%s) - start ))s"
"$FLEETCORE_BIN" migrate
"$FLEETCORE_BIN" seed

start=$(date +%s)
scripts/lint.sh
echo "[test] clippy took $(( $(date +%s) - start ))s"

echo "[test] cargo tests (unit, SQL, HTTP)"
scripts/cargo-test.sh

disk "after the cargo tests"
echo "[test] browser tests"
# Every browser test signs in from 127.0.0.1: the per-IP throttle is tested over HTTP instead.
export LEPTOS_SITE_ADDR="${FLEETCORE_E2E_ADDR:-127.0.0.1:3900}" FLEETCORE_THROTTLE_PER_IP=100000
"$FLEETCORE_BIN" serve > .data/e2e-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -sf "http://$LEPTOS_SITE_ADDR/readyz" >/dev/null && break
  sleep 0.5
done
(cd end2end && BASE_URL="http://$LEPTOS_SITE_ADDR" npx playwright test)
