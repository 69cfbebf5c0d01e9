#!/usr/bin/env bash
# `npm start`: apply migrations to the local D1 (.wrangler/state) and serve the app with demo data
# at http://localhost:8787. The worker loads the demo city into an empty database on first request.
#
# MINSHENG_NOW=<ISO 8601 instant> npm start shows the app as it will be at that moment: the clock
# starts there and runs on (src/platform/lib/clock.ts), and the demo is placed on the calendar around it, in a
# local database of its own (.wrangler/at-<moment>), so the usual one is left as it was.
set -euo pipefail
export WRANGLER_SEND_METRICS=false
persist=()
clock=()
if [ -n "${MINSHENG_NOW:-}" ]; then
  npx tsx -e 'import { parseInstant } from "./src/platform/lib/clock.ts";
    if (parseInstant(process.env.MINSHENG_NOW ?? "") === null) {
      console.error("MINSHENG_NOW must be an ISO 8601 instant with its offset, e.g. 2027-01-01T00:00:00+08:00");
      process.exit(1);
    }'
  dir=".wrangler/at-$(printf '%s' "$MINSHENG_NOW" | tr -c '0-9A-Za-z' '-')"
  persist=(--persist-to "$dir")
  clock=(--var "MINSHENG_NOW:$MINSHENG_NOW" --var "MINSHENG_NOW_FROM:$(date +%s%3N)")
  echo "Clock set to $MINSHENG_NOW (local database $dir)"
fi
npx wrangler d1 migrations apply DB --local "${persist[@]}"
exec npx wrangler dev --port "${PORT:-8787}" --var ENVIRONMENT:local "${clock[@]}" "${persist[@]}" "$@"
