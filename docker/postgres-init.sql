-- The two database roles FleetCore expects (scripts/db.sh does the same locally):
-- the owner runs migrations and the seed; the application role cannot bypass row-level security.
create role fleetcore_app login password 'fleetcore_app' nosuperuser nobypassrls;
create role fleetcore_owner login password 'fleetcore_owner' createdb bypassrls;
grant fleetcore_app to fleetcore_owner;
create database fleetcore owner fleetcore_owner;
