#!/usr/bin/env bash
# The project-local PostgreSQL: its own data folder (.data/postgres) and loopback port
# (FLEETCORE_PG_PORT, default 54329), created on first use and reused after.
#
#   scripts/db.sh start   start it (creating cluster, roles and database if missing)
#   scripts/db.sh stop    stop it
#   scripts/db.sh env     print the connection variables (eval "$(scripts/db.sh env)")
#   scripts/db.sh schema  rebuild fleetcore_build, the schema-only database that the sqlx
#                         macros check queries against at compile time, if migrations changed
#   scripts/db.sh fresh   drop and create the database (FLEETCORE_DB) empty: the tests' own
#   scripts/db.sh psql    open psql as the owner
#   scripts/db.sh super   open psql as the superuser (bench/all.sh reads pg_stat_statements so)
#
# FLEETCORE_DB names the database (default fleetcore, the one the run command serves; the
# tests use fleetcore_test, made fresh on every run).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${FLEETCORE_PG_PORT:-54329}"
DATA="$PWD/.data/postgres"
SOCK="$PWD/.data/pg-socket"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
DB="${FLEETCORE_DB:-fleetcore}"

# initdb refuses root: as root, run the server as the postgres user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

env_vars() {
  cat <<VARS
export DATABASE_URL=postgres://fleetcore_app:fleetcore_app@127.0.0.1:$PORT/$DB
export DATABASE_ADMIN_URL=postgres://fleetcore_owner:fleetcore_owner@127.0.0.1:$PORT/$DB
export BUILD_DATABASE_URL=postgres://fleetcore_owner:fleetcore_owner@127.0.0.1:$PORT/fleetcore_build
export FLEETCORE_PG_PORT=$PORT
VARS
}

psql_super() { as_pg "$BIN/psql" -h "$SOCK" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -q "$@"; }

start() {
  [ -n "$BIN" ] || { echo "PostgreSQL is not installed: run scripts/setup.sh" >&2; exit 1; }
  mkdir -p "$DATA" "$SOCK"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$DATA" "$SOCK"; chmod 700 "$DATA"; fi
  if [ ! -f "$DATA/PG_VERSION" ]; then
    echo "[db] creating the cluster in $DATA"
    as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    echo "[db] starting PostgreSQL on 127.0.0.1:$PORT"
    as_pg "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 start \
      -o "-k $SOCK -c listen_addresses=127.0.0.1 -p $PORT -c max_connections=200 -c fsync=off \
      -c shared_preload_libraries=pg_stat_statements" >/dev/null
  fi
  # Two roles: the owner runs migrations (and may bypass RLS); the app role may not.
  psql_super <<'SQL'
set client_min_messages = warning;
do $$
begin
  if not exists (select from pg_roles where rolname = 'fleetcore_app') then
    create role fleetcore_app login password 'fleetcore_app' nosuperuser nobypassrls;
  end if;
  if not exists (select from pg_roles where rolname = 'fleetcore_owner') then
    create role fleetcore_owner login password 'fleetcore_owner' createdb bypassrls;
  end if;
end $$;
grant fleetcore_app to fleetcore_owner;
SQL
  if ! psql_super -tAc "select 1 from pg_database where datname = '$DB'" | grep -q 1; then
    psql_super -c "create database $DB owner fleetcore_owner"
  fi
}

schema() {
  start
  local sum
  sum=$(cat migrations/*.sql | sha256sum | cut -d' ' -f1)
  [ "$(cat .data/build-schema.sum 2>/dev/null)" = "$sum" ] && return 0
  echo "[db] rebuilding fleetcore_build from migrations/"
  psql_super -c "set client_min_messages = warning" -c "drop database if exists fleetcore_build" \
    -c "create database fleetcore_build owner fleetcore_owner"
  for f in migrations/*.sql; do
    PGPASSWORD=fleetcore_owner "$BIN/psql" -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U fleetcore_owner fleetcore_build -f "$f" >/dev/null
  done
  echo "$sum" > .data/build-schema.sum
}

case "${1:-start}" in
  start) start ;;
  schema) schema ;;
  fresh)
    start
    psql_super -c "set client_min_messages = warning" -c "drop database if exists $DB with (force)" \
      -c "create database $DB owner fleetcore_owner"
    ;;
  stop) as_pg "$BIN/pg_ctl" -D "$DATA" -m fast stop ;;
  env) env_vars ;;
  super) shift; psql_super -d "$DB" "$@" ;;
  psql) shift; PGPASSWORD=fleetcore_owner "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U fleetcore_owner "$DB" "$@" ;;
  *) echo "usage: $0 start|stop|env|schema|fresh|psql|super" >&2; exit 2 ;;
esac
