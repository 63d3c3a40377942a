#!/usr/bin/env bash
# Builds the console (release wasm into dist/) and the API server (release binary).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
echo "[build] console (trunk, release)"
trunk build --release
echo "[build] API server (release)"
cargo build --release -p madconnect-server
