#!/usr/bin/env bash
# Runs FleetCore with demo data at http://127.0.0.1:3000: installs missing tools, starts the
# project-local PostgreSQL, builds, migrates, seeds and serves. Running it again is harmless.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/db.sh start
source scripts/env.sh
scripts/build.sh
"$FLEETCORE_BIN" migrate
"$FLEETCORE_BIN" seed
cat <<'MSG'

  FleetCore is starting at http://127.0.0.1:3000

  Demo sign-ins (password for all: fleetcore-demo)
    KazFleet     admin@kazfleet.demo     manager@kazfleet.demo   dispatcher@kazfleet.demo
                 mechanic@kazfleet.demo  driver@kazfleet.demo    viewer@kazfleet.demo
    Atlas Tours  admin@atlastours.demo   manager@atlastours.demo dispatcher@atlastours.demo
                 mechanic@atlastours.demo driver@atlastours.demo viewer@atlastours.demo

MSG
exec "$FLEETCORE_BIN" serve
