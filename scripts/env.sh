# Sourced by the run and test scripts: the environment every build and run of FleetCore uses.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
eval "$("$ROOT/scripts/db.sh" env)"
# npm's binaryen (wasm-opt) first: Debian's produces broken wasm (see ../shared/TOOLCHAIN.md).
export PATH="$ROOT/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Queries are checked against the committed .sqlx/ data; scripts/sqlx-prepare.sh refreshes it.
export SQLX_OFFLINE=true
export LEPTOS_OUTPUT_NAME=fleetcore
export LEPTOS_SITE_ROOT="$ROOT/target/site"
export LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
export LEPTOS_RELOAD_PORT=3001
# A per-checkout signing key, made once; sessions survive restarts of the dev server.
mkdir -p "$ROOT/.data"
[ -s "$ROOT/.data/jwt-secret" ] || head -c 48 /dev/urandom | base64 | tr -d '\n' > "$ROOT/.data/jwt-secret"
FLEETCORE_JWT_SECRET="$(cat "$ROOT/.data/jwt-secret")"
export FLEETCORE_JWT_SECRET
export FLEETCORE_BIN="$ROOT/target/debug/fleetcore"
