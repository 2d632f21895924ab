#!/usr/bin/env bash
# The cargo half of the tests: unit tests of `app` (with `ssr`, so the SQL code is in), the SQL
# and HTTP tests of `server`. Same RUSTFLAGS and features as `scripts/test.sh`'s build (which
# includes the server's test targets; `app`'s `default` feature stays off, as in the server's
# dependency on it), so the build's artefacts are reused instead of compiled a second time.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
export RUSTFLAGS="--cfg erase_components"
cargo test -p app -p server --no-default-features --features app/ssr "$@"
