#!/usr/bin/env bash
# Reports the console's first-load size: the wasm, js and css trunk put in dist/, gzipped (-9).
# Budget: 180 KB. Run after scripts/build.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
total=0
for f in dist/*.wasm dist/*.js dist/*.css; do
  [ -f "$f" ] || continue
  n=$(gzip -9 -c "$f" | wc -c)
  total=$((total + n))
  awk -v f="$(basename "$f")" -v n="$n" 'BEGIN { printf "  %-48s %7.1f KB gzip\n", f, n / 1024 }'
done
awk -v n="$total" 'BEGIN { printf "first load (wasm + js + css, gzip): %.1f KB (budget 180 KB)\n", n / 1024 }'
