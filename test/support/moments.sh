#!/usr/bin/env bash
# The worker tests again with the clock set to moments where calendars turn: the first minute of a
# year, the middle of one and its last minute (Beijing time). `npm run test:moments`; CI runs it after
# `npm test` (each run takes about five minutes on 2 cores). Any argument is one more moment, e.g.
# `npm run test:moments -- 2028-02-29T23:59:00+08:00` for the last minute of a leap day.
set -euo pipefail
export WRANGLER_SEND_METRICS=false
moments=(
  2027-01-01T00:00:00+08:00
  2027-06-30T12:00:00+08:00
  2027-12-31T23:59:00+08:00
  "$@"
)
for m in "${moments[@]}"; do
  echo "== worker tests at MINSHENG_NOW=$m"
  MINSHENG_NOW="$m" npx vitest run --project worker
done
