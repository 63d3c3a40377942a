#!/usr/bin/env bash
# One command: the MadConnect console + API server and the example partner portal, side by side on
# two origins, the console allowing the portal to embed it.
#   console + API  http://127.0.0.1:8080/   (--embed-origins http://localhost:4000)
#   portal         http://localhost:4000/   (sign in with demo / demo)
# Options (env): CONSOLE_PORT, PORTAL_PORT, PUBLIC_PATH (e.g. /integrations/ to serve the console
# under a prefix), MADCONNECT_DEMO_CLIENT_ID / MADCONNECT_DEMO_CLIENT_SECRET (the demo
# organization's credentials; the portal uses the same ones), MADCONNECT_SERVER_BIN and
# MADCONNECT_DIST (a server binary and console build elsewhere). Pass --build to rebuild first.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

CONSOLE_PORT=${CONSOLE_PORT:-8080}
PORTAL_PORT=${PORTAL_PORT:-4000}
PUBLIC_PATH=${PUBLIC_PATH:-/}
PORTAL_ORIGIN="http://localhost:$PORTAL_PORT"
CONSOLE_URL="http://127.0.0.1:$CONSOLE_PORT$PUBLIC_PATH"
# Demo credentials for a demo database (data/partner-portal-demo.db). Delete that file if you
# change them: the database keeps the ones it was first seeded with.
export MADCONNECT_DEMO_CLIENT_ID=${MADCONNECT_DEMO_CLIENT_ID:-partnerDemo00001}
export MADCONNECT_DEMO_CLIENT_SECRET=${MADCONNECT_DEMO_CLIENT_SECRET:-partner-demo-secret-0123456789ab}

SERVER_BIN=${MADCONNECT_SERVER_BIN:-target/release/madconnect-server}
DIST=${MADCONNECT_DIST:-dist}
if [ "${1:-}" = "--build" ] || [ ! -x "$SERVER_BIN" ] || [ ! -f "$DIST/index.html" ]; then
  scripts/setup.sh --no-browser
  scripts/build.sh
fi
command -v node >/dev/null || { echo "node (18+) is needed for the portal" >&2; exit 1; }

mkdir -p data
"$SERVER_BIN" --addr "127.0.0.1:$CONSOLE_PORT" --db data/partner-portal-demo.db \
  --static "$DIST" --public-path "$PUBLIC_PATH" --embed-origins "$PORTAL_ORIGIN" &
console_pid=$!
trap 'kill "$console_pid" 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "${CONSOLE_URL}embed/madconnect-console.js" 2>/dev/null && break
  kill -0 "$console_pid" 2>/dev/null || { echo "the console server did not start" >&2; exit 1; }
  sleep 0.1
done

echo "Open $PORTAL_ORIGIN/ and sign in with demo / demo."
MADCONNECT_URL="$CONSOLE_URL" \
MADCONNECT_CLIENT_ID="$MADCONNECT_DEMO_CLIENT_ID" \
MADCONNECT_CLIENT_SECRET="$MADCONNECT_DEMO_CLIENT_SECRET" \
PORTAL_PORT="$PORTAL_PORT" PORTAL_ORIGIN="$PORTAL_ORIGIN" \
  node examples/partner-portal/server.mjs
