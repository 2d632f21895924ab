#!/usr/bin/env bash
# Builds server and WebAssembly (debug; pass --release for release) with the sqlx macros
# checking every query against the live schema, then checks that the committed offline data
# (.sqlx/, which lets the build work without a database) is in step with what they saw.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/db.sh schema
rm -rf .data/sqlx && mkdir -p .data/sqlx
SQLX_OFFLINE=false DATABASE_URL="$BUILD_DATABASE_URL" SQLX_OFFLINE_DIR="$PWD/.data/sqlx" cargo leptos build "$@"
stale=0
for f in .data/sqlx/query-*.json; do
  [ -e "$f" ] || break  # nothing was recompiled, nothing to compare
  if ! cmp -s "$f" ".sqlx/$(basename "$f")"; then
    echo "[build] .sqlx/$(basename "$f") is missing or stale" >&2
    stale=1
  fi
done
if [ "$stale" -ne 0 ]; then
  echo "[build] the committed sqlx offline data is out of date: run scripts/sqlx-prepare.sh and commit .sqlx/" >&2
  exit 1
fi
