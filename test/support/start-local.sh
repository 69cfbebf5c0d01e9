#!/usr/bin/env bash
# `npm start`: apply migrations to the local D1 (.wrangler/state) and serve the app with demo data
# at http://localhost:8787. The worker loads the demo city into an empty database on first request.
set -euo pipefail
export WRANGLER_SEND_METRICS=false
npx wrangler d1 migrations apply DB --local
exec npx wrangler dev --port "${PORT:-8787}" --var ENVIRONMENT:local "$@"
