#!/usr/bin/env bash
# The cargo half of the tests: unit tests of `app` (with `ssr`, so the SQL code is in), the SQL
# and HTTP tests of `server`. Same RUSTFLAGS as `cargo leptos build` in debug, so the build's
# artefacts are reused instead of compiled a second time.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
export RUSTFLAGS="--cfg erase_components"
cargo test -p app -p server --features app/ssr "$@"
