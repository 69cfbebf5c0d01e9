#!/usr/bin/env bash
# The worker tests again with the clock set to moments where calendars turn: the first minute of a
# year, the middle of one, its last minute, and the last minute of a leap day (Beijing time).
# `npm run test:moments`; CI runs it after `npm test`. Any further argument is one more moment.
set -euo pipefail
export WRANGLER_SEND_METRICS=false
moments=(
  2027-01-01T00:00:00+08:00
  2027-06-30T12:00:00+08:00
  2027-12-31T23:59:00+08:00
  2028-02-29T23:59:00+08:00
  "$@"
)
for m in "${moments[@]}"; do
  echo "== worker tests at MINSHENG_NOW=$m"
  MINSHENG_NOW="$m" npx vitest run --project worker
done
