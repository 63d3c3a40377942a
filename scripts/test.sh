#!/usr/bin/env bash
# One command that installs what is missing and runs every check and test: rustfmt and clippy
# (warnings are errors), model and server tests, the
# console's unit tests, its component tests in headless Chromium, and the end-to-end tests that
# drive the built console in Chromium against the real server and a real SQLite database.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

echo "== format and lints (native, and the console as the browser build compiles it, with and without split)"
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p madconnect-console --target wasm32-unknown-unknown --all-targets -- -D warnings
cargo clippy -p madconnect-console --target wasm32-unknown-unknown --all-targets --features split -- -D warnings

echo "== messages: every catalog has every message the console uses (src/i18n)"
node scripts/messages.mjs --check

echo "== unit and API tests (model, server, console logic)"
cargo test --workspace

echo "== component tests (wasm-bindgen-test in headless Chromium)"
if ls tests/*.rs >/dev/null 2>&1; then
  CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=180 \
    cargo test --target wasm32-unknown-unknown -p madconnect-console --test '*'
fi

echo "== build"
scripts/build.sh
node scripts/bundle-size.mjs

echo "== end-to-end tests (headless Chromium, real server, real database)"
node --test --test-concurrency=1 tests/e2e/
