#!/usr/bin/env bash
# CSV imports by size: times `POST /api/v1/exchange-rates/import` with 5,000, 10,000 and 20,000
# pasted lines (daily rates of four currencies, written), then one line over the row cap; then
# `POST /api/v1/expenses/fuel-import` with fuel-card statements of as many fills of 100 vehicles,
# previewed (`dry_run`: the import itself, rolled back) and written, against
# a server that is already running (BASE, default the run command's http://127.0.0.1:3000 on the
# database FLEETCORE_DB, default fleetcore). The rates go to a tenant made for the run with
# `fleetcore tenant create`, so the demo's figures stay as they were. Prints each import's
# status, size, wall time and the server's RSS after it. Asserts nothing: time it before and
# after a change in the same sitting, the figures are the machine's.
#
#   bench/imports.sh       BASE=http://127.0.0.1:3900 FLEETCORE_DB=fleetcore_test for the tests' server
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
base="${BASE:-http://127.0.0.1:3000}"
pid="${SERVER_PID:-$(pgrep -f 'fleetcore serve' | head -n 1 || true)}"

slug="bench-imports-$(date +%s)"
email="bench@$slug.test"
first="bench-imports-first-1"
password="bench-imports-chosen-1"
printf '%s\n' "$first" | "$FLEETCORE_BIN" tenant create --name "Import benchmark" --slug "$slug" --country KZ \
  --time-zone Asia/Almaty --currency KZT --admin-email "$email" --password-stdin >/dev/null
sign_in() {
  curl -sf "$base/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$1\"}" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
# The tenant's first password is for one sign-in: replace it, as its admin would.
curl -sf -o /dev/null "$base/fn/profile/password" -H "Authorization: Bearer $(sign_in "$first")" \
  --data-urlencode "current_password=$first" --data-urlencode "new_password=$password" \
  --data-urlencode "confirm_password=$password"
token=$(sign_in "$password")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# `lines` rates, four currencies a day going back from 2000-01-01, as JSON for the REST body.
csv_body() {
  python3 - "$1" > "$work/body.json" <<'PY'
import datetime, json, sys
lines, currencies = int(sys.argv[1]), ["USD", "EUR", "RUB", "TRY"]
day = datetime.date(2000, 1, 1)
rows = ["currency;date;rate"]
for n in range(lines):
    rows.append(f"{currencies[n % 4]};{day - datetime.timedelta(days=n // 4)};{400 + n % 97},{n % 100:02d}")
print(json.dumps({"csv": "\n".join(rows)}))
PY
}

printf '%-28s %6s %9s %10s %12s\n' "import" "status" "bytes" "seconds" "server RSS"
for lines in 5000 10000 20000 20001; do
  csv_body "$lines"
  result=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$base/api/v1/exchange-rates/import" \
    -H "Authorization: Bearer $token" -H 'content-type: application/json' --data-binary "@$work/body.json")
  rss=$([ -n "$pid" ] && grep VmRSS "/proc/$pid/status" | awk '{print $2" kB"}' || echo "?")
  printf '%-28s %6s %9s %10s %12s\n' "rates, $lines lines" "${result% *}" "$(stat -c %s "$work/body.json")" "${result#* }" "$rss"
done

# Fuel-card statements: 100 vehicles, each filled every four hours going back from a day,
# as a card company writes them (day first, decimal commas).
for n in $(seq 1 100); do
  plate=$(printf '%03d BNC 02' "$n")
  curl -sf -o /dev/null "$base/api/v1/vehicles" -H "Authorization: Bearer $token" \
    -H 'content-type: application/json' \
    -d "{\"plate\":\"$plate\",\"brand\":\"Kia\",\"model\":\"Rio\",\"year\":2021,\"body_type\":\"sedan\",\"fuel_type\":\"gasoline\"}"
done
fuel_body() {
  python3 - "$1" "$2" "$3" > "$work/body.json" <<'PY'
import datetime, json, sys
lines, dry_run, run = int(sys.argv[1]), sys.argv[2] == "true", int(sys.argv[3])
# Each size its own 60 days, so a statement written before does not make the next one a repeat.
end = datetime.datetime(2026, 11, 30, 20, 0) - datetime.timedelta(days=60 * run)
rows = ["Date;Plate;Litres;Amount"]
for n in range(lines):
    at = end - datetime.timedelta(hours=4 * (n // 100), minutes=n % 100)
    litres = 30 + n % 17
    rows.append(f"{at:%d.%m.%Y %H:%M};{n % 100 + 1:03d}BNC02;{litres},{n % 10};{litres * 245}")
print(json.dumps({"csv": "\n".join(rows), "dry_run": dry_run}))
PY
}
run=0
for lines in 5000 10000 20000 20001; do
  run=$((run + 1))
  for dry_run in true false; do
    [ "$lines" = 20001 ] && [ "$dry_run" = false ] && continue
    fuel_body "$lines" "$dry_run" "$run"
    result=$(curl -s -o "$work/answer.json" -w '%{http_code} %{time_total}' "$base/api/v1/expenses/fuel-import" \
      -H "Authorization: Bearer $token" -H 'content-type: application/json' --data-binary "@$work/body.json")
    written=$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); print(a.get("written", a.get("error")))' "$work/answer.json" 2>/dev/null || echo "?")
    rss=$([ -n "$pid" ] && grep VmRSS "/proc/$pid/status" | awk '{print $2" kB"}' || echo "?")
    label="fuel, $lines lines, $([ "$dry_run" = true ] && echo preview || echo "written $written")"
    printf '%-28s %6s %9s %10s %12s\n' "$label" "${result% *}" "$(stat -c %s "$work/body.json")" "${result#* }" "$rss"
  done
done
