#!/usr/bin/env bash
# Installs what building, running and testing the console needs, skipping whatever is already
# there, so it is safe to run on every invocation. Usage: scripts/setup.sh [--no-browser]
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
WASM_SPLIT_VERSION=0.2.4
TERSER_VERSION=5.51.4
want_browser=1
[ "${1:-}" = "--no-browser" ] && want_browser=0

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v cargo >/dev/null; then
  echo "cargo is missing: install Rust (rustup) first" >&2
  exit 1
fi

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 8 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# The CLI must equal the wasm-bindgen crate in Cargo.lock, or trunk tries to download one.
wbg_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ]; then
  say "installing wasm-bindgen-cli $wbg_version"
  # Not --locked: a locked dependency of it is missing from the registry copy here.
  cargo install wasm-bindgen-cli --version "$wbg_version"
fi

# The splitter cargo-leptos uses, to cut the wasm at its lazy routes (scripts/post-build.mjs).
if ! cargo install --list 2>/dev/null | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 2 minutes)"
  cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
fi

# npm's binaryen; Debian's wasm-opt (v108) produces modules that fail to load.
if [ "$(.tools/node_modules/.bin/wasm-opt --version 2>/dev/null | awk '{print $3}')" != "$BINARYEN_VERSION" ]; then
  say "installing wasm-opt (npm binaryen@$BINARYEN_VERSION) into .tools/"
  mkdir -p .tools
  [ -f .tools/package.json ] || echo '{"name":"madconnect-tools","private":true}' > .tools/package.json
  npm install --prefix .tools --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION"
fi

# terser minifies the wasm-bindgen glue in scripts/post-build.mjs.
if [ "$(node -p "require('./.tools/node_modules/terser/package.json').version" 2>/dev/null)" != "$TERSER_VERSION" ]; then
  say "installing terser $TERSER_VERSION into .tools/"
  mkdir -p .tools
  [ -f .tools/package.json ] || echo '{"name":"madconnect-tools","private":true}' > .tools/package.json
  npm install --prefix .tools --no-audit --no-fund --silent "terser@$TERSER_VERSION"
fi

if [ "$want_browser" = 1 ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing Debian's chromium and chromium-driver"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
  fi
  if [ ! -d tests/e2e/node_modules/playwright-core ] || [ ! -d tests/e2e/node_modules/axe-core ]; then
    say "installing the end-to-end test dependencies (playwright-core driving Debian's chromium, axe-core)"
    npm ci --prefix tests/e2e --no-audit --no-fund --silent
  fi
fi
say "toolchain ready"
