#!/usr/bin/env node
// The console's size as a browser downloads it, from the build in dist/ (run scripts/build.sh
// first): brotli bytes (the build's own .br copies) of what every visit loads, of what each
// on-demand part adds with the shared chunks it needs, and of the whole console.
//
//   node scripts/bundle-size.mjs [dist]
//
// Budgets (issue "First load"): the first screen (a signed-in person opening the marketplace)
// at most 250 KB on the wire including html, js, css and wasm; the whole console at most 400 KB.
// The figure for a real browser, with the request count and timings, comes from
// scripts/bench-first-load.mjs; this one is exact and needs no browser.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const br = (file) => {
  const p = join(dist, file);
  if (existsSync(`${p}.br`)) return statSync(`${p}.br`).size;
  return brotliCompressSync(readFileSync(p), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
};

const files = readdirSync(dist);
const index = readFileSync(join(dist, 'index.html'), 'utf8');
// What index.html loads for every visit: its stylesheets and the app module with its wasm.
// (A stylesheet shipped `disabled` is not fetched until a screen that needs it turns it on.)
const enabled = index.replace(/<link\b[^>]*\sdisabled[^>]*>/g, '');
const linked = [...enabled.matchAll(/(?:href=|from\s*|module_or_path:\s*)['"]?\.\/([^'"\s>]+\.(?:css|js|wasm))/g)].map((m) => m[1]);
const always = [...new Set(linked)];
const loaderFile = files.find((f) => /^__wasm_split-[0-9a-f]+\.js$/.test(f));
if (loaderFile) always.push(loaderFile);

// The split loader says which wasm files each on-demand part fetches: its own module and the
// chunks it shares with other parts.
const parts = new Map();
if (loaderFile) {
  const loader = readFileSync(join(dist, loaderFile), 'utf8');
  const chunkFile = new Map();
  for (const m of loader.matchAll(/const (__chunk_\d+)\s*=\s*makeLoad\(\(\)\s*=>\s*\{\s*const src\s*=\s*fetch\(new URL\("\.\/([^"]+)"/g)) chunkFile.set(m[1], m[2]);
  for (const m of loader.matchAll(/export const __wasm_split_load_(\w+)\s*=\s*wrapAsyncCb\(makeLoad\(\(\)\s*=>\s*\{\s*const src\s*=\s*fetch\(new URL\("\.\/([^"]+)"[\s\S]*?\}\s*,\s*\[([^\]]*)\]\)\)/g)) {
    const deps = m[3].split(',').map((s) => s.trim()).filter(Boolean).map((d) => chunkFile.get(d));
    parts.set(m[1], [m[2], ...deps]);
  }
}

const sum = (list) => list.reduce((n, f) => n + br(f), 0);
const html = Buffer.byteLength(brotliCompressSync(Buffer.from(index)));
const base = sum(always) + html;
console.log(`Console size, brotli (quality 11), from ${dist}/`);
console.log(`  every visit: index.html, js, css, main wasm (${always.length + 1} files)   ${kb(base)}`);
for (const f of always) console.log(`    ${f.padEnd(52)} ${kb(br(f))}`);
const rows = [...parts.entries()].sort(([a], [b]) => a.localeCompare(b));
for (const [name, list] of rows) {
  console.log(`  + ${name.padEnd(14)} ${String(list.length).padStart(2)} files ${kb(sum(list)).padStart(10)}   → screen total ${kb(base + sum(list))}`);
}
const first = base + sum(parts.get('marketplace') ?? []);
const all = files.filter((f) => /\.(wasm|js|css)$/.test(f)).reduce((n, f) => n + br(f), 0) + html;
console.log(`first screen (signed in, marketplace): ${kb(first)}  (budget 250 KB, goal 150 KB)`);
console.log(`sign-in screen:                        ${kb(base + sum(parts.get('sign_in') ?? []))}`);
console.log(`whole console, every file:             ${kb(all)}  (budget 400 KB)`);
