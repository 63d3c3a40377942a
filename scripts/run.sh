#!/usr/bin/env bash
# One command for a newcomer: install what is missing, build, and run the console with the
# embedded default API server (real SQLite database under ./data, seeded on first start).
# Open the URL it prints and sign in with the client id and secret it prints.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --no-browser
scripts/build.sh
exec target/release/madconnect-server --static dist "$@"
