#!/usr/bin/env bash
# Rewrites the committed sqlx offline data (.sqlx/) from the queries in the code, checked
# against a schema-only database built from migrations/ (see scripts/db.sh schema).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/db.sh schema
# Recompile every crate with queries so that the macros run again.
touch app/src/lib.rs server/src/lib.rs
rm -rf .data/sqlx && mkdir -p .data/sqlx
SQLX_OFFLINE=false DATABASE_URL="$BUILD_DATABASE_URL" SQLX_OFFLINE_DIR="$PWD/.data/sqlx" \
  cargo check -p app -p server --features app/ssr --all-targets
rm -rf .sqlx && mkdir -p .sqlx && cp .data/sqlx/query-*.json .sqlx/
echo "[sqlx] $(ls .sqlx | wc -l) queries written to .sqlx/"
