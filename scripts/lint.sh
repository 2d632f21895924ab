#!/usr/bin/env bash
# The house rules, checked by machine: rustfmt, the six locales in step, and clippy with
# warnings as errors for the server (with `ssr`, tests included) and for the WebAssembly build.
#   scripts/lint.sh          everything
#   scripts/lint.sh quick    only rustfmt and the locales (seconds, before a build)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

echo "[lint] cargo fmt --check"
cargo fmt --all --check

locale_check="../shared/tools/locale-check"
if [ -x "$locale_check" ]; then
  echo "[lint] locale-check"
  "$locale_check" locales
else
  echo "[lint] $locale_check is not beside this checkout: the locales were NOT checked" >&2
fi

[ "${1:-}" = quick ] && exit 0

# The same RUSTFLAGS as the debug build and the cargo tests (see scripts/cargo-test.sh).
export RUSTFLAGS="--cfg erase_components"
echo "[lint] clippy (server, ssr)"
cargo clippy -p app -p server --features app/ssr --all-targets -- -D warnings
echo "[lint] clippy (wasm, hydrate)"
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
