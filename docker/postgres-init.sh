#!/bin/sh
# The two database roles FleetCore expects (scripts/db.sh does the same locally), with the
# passwords from the environment: the owner runs migrations and operator commands; the
# application role, which `serve` connects as, cannot bypass row-level security.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" \
  -v app_password="$FLEETCORE_APP_DB_PASSWORD" -v owner_password="$FLEETCORE_OWNER_DB_PASSWORD" <<'SQL'
create role fleetcore_app login password :'app_password' nosuperuser nobypassrls;
create role fleetcore_owner login password :'owner_password' createdb bypassrls;
grant fleetcore_app to fleetcore_owner;
create database fleetcore owner fleetcore_owner;
SQL
