#!/usr/bin/env bash
# Release build sizes: the .wasm, JS and CSS the browser downloads, raw and gzipped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# The browser side only: the server release build (fat LTO) is not what this measures.
[ "${SKIP_BUILD:-}" = 1 ] || cargo leptos build --release --frontend-only
for f in target/site/pkg/*; do
  printf '%-40s %9d bytes raw %9d bytes gzip\n' "$(basename "$f")" "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)"
done
