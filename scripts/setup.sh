#!/usr/bin/env bash
# Installs every tool FleetCore needs on a fresh Debian machine, skipping what is already there.
# Versions are pinned; see ../shared/TOOLCHAIN.md for why each one.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

# Debian packages: PostgreSQL for the database, Chromium for the end-to-end tests.
need_apt=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || need_apt+=(postgresql)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

# Rust: the wasm target and the pinned build tools.
rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

have_version() { command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -q "$2"; }
have_version cargo-leptos 0.3.10 || {
  log "cargo install cargo-leptos 0.3.10 (about 20 minutes on 2 cores)"
  cargo install cargo-leptos --version 0.3.10 --locked --features no_downloads
}
# Without --locked: its lockfile pins a webpki-roots version the registry lacks.
have_version wasm-bindgen 0.2.130 || {
  log "cargo install wasm-bindgen-cli 0.2.130"
  cargo install wasm-bindgen-cli --version 0.2.130
}

# npm: wasm-opt (binaryen) for release builds, Playwright for the browser tests.
if [ ! -d end2end/node_modules ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  log "npm ci (end2end)"
  (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
fi
log "tools ready"
