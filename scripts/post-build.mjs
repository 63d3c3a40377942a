#!/usr/bin/env node
// trunk post_build hook: splits the console's wasm at its lazy routes, names every piece by its
// content, bundles the stylesheets into one file, minifies the JS glue, and writes brotli and
// gzip copies of every asset beside it.
//
// trunk cannot run a step between cargo and wasm-bindgen, so this takes cargo's raw output (still
// under target/, linked with --emit-relocs), and replaces trunk's own js and wasm in the staging
// directory with:
//   wasm-split-cli  → the main module, one module per split (a group of routes) and chunks of code
//                     that several splits share, plus the loader module `__wasm_split.js`
//   wasm-bindgen    → the main module's JS glue (--keep-lld-exports: the loader needs them)
//   wasm-opt -Oz    → every wasm part (release builds)
// Chunk names from the splitter carry no hash, so each file is renamed to `<name>-<hash>.<ext>`
// and the references between them rewritten; hashed names are what lets the server mark them
// immutable. index.html is pointed at the new names.
//
// Runs from the project root (trunk starts hooks there); reads TRUNK_STAGING_DIR, TRUNK_PROFILE.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { servedCatalog } from './messages.mjs';

// terser lives in the project's tool folder (scripts/setup.sh), not in a node_modules of its own.
const { minify } = createRequire(new URL('../.tools/', import.meta.url))('terser');

const APP = 'madconnect-console';
const staging = process.env.TRUNK_STAGING_DIR;
const profile = process.env.TRUNK_PROFILE ?? 'release';
if (!staging) {
  console.error('post-build: TRUNK_STAGING_DIR is not set (run through trunk build)');
  process.exit(2);
}
const targetDir = process.env.CARGO_TARGET_DIR ?? 'target';
const raw = join(targetDir, 'wasm32-unknown-unknown', profile, `${APP}.wasm`);
if (!existsSync(raw)) {
  console.error(`post-build: no cargo output at ${raw}`);
  process.exit(2);
}

const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
const hash16 = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, 16);
};
const replaceAll = (text, from, to) => text.split(from).join(to);

const work = mkdtempSync(join(tmpdir(), 'mc-split-'));
try {
  const splitDir = join(work, 'split');
  const outDir = join(work, 'out');
  run('wasm-split-cli', [raw, splitDir, '--target', 'web', '--out-name', APP]);
  run('wasm-bindgen', ['--target', 'web', '--keep-lld-exports', '--no-typescript', '--out-dir', outDir, join(splitDir, `${APP}.wasm`)]);

  // The parts: the bindgen'd main module and every split / chunk module beside the loader.
  const parts = [join(outDir, `${APP}_bg.wasm`), ...readdirSync(splitDir).filter((f) => /^(split|chunk)_.*\.wasm$/.test(f)).map((f) => join(splitDir, f))];
  if (profile === 'release') {
    for (const p of parts) run('wasm-opt', ['-Oz', p, '-o', p]);
  }

  // Leaves first: each split and chunk module gets its own content hash.
  let loader = readFileSync(join(splitDir, '__wasm_split.js'), 'utf8');
  const renamed = [];
  for (const p of parts.slice(1)) {
    const file = p.split('/').pop();
    const stem = file.replace(/\.wasm$/, '');
    const name = `${stem}-${hash16(readFileSync(p))}.wasm`;
    loader = replaceAll(loader, `"./${file}"`, `"./${name}"`);
    renamed.push([p, name]);
  }
  // The main glue and the loader import each other, so they share one hash taken over both
  // (and the main wasm) before either is renamed. The glue is minified first (wasm-bindgen writes
  // it for reading); only local names are mangled, never what the module exports.
  const small = async (code) => (await minify(code, { module: true, compress: true, mangle: true })).code;
  // The loader (one entry per split and shared chunk, 2.5 KB) loses only its whitespace and
  // comments: its names stay, so scripts/bundle-size.mjs can read which files each split needs.
  let glue = await small(readFileSync(join(outDir, `${APP}.js`), 'utf8'));
  const mainWasm = readFileSync(parts[0]);
  // This script is part of the input: a change to how it rewrites must not reuse a cached name.
  const build = hash16(glue, loader, mainWasm, readFileSync(new URL(import.meta.url)));
  const names = { glue: `${APP}-${build}.js`, wasm: `${APP}-${build}_bg.wasm`, loader: `__wasm_split-${build}.js` };
  // Only the import specifiers: the keys of the imports object must stay the wasm's own module name.
  for (const q of ["'", '"']) {
    glue = replaceAll(glue, `from${q}./__wasm_split.js${q}`, `from${q}./${names.loader}${q}`);
    glue = replaceAll(glue, `from ${q}./__wasm_split.js${q}`, `from ${q}./${names.loader}${q}`);
    glue = replaceAll(glue, `${q}${APP}_bg.wasm${q}`, `${q}${names.wasm}${q}`);
    loader = replaceAll(loader, `${q}./${APP}.js${q}`, `${q}./${names.glue}${q}`);
  }
  if (!glue.includes(names.loader) && loader.includes('__wasm_split_load_')) {
    throw new Error('post-build: the main glue does not import the split loader; check wasm-bindgen --keep-lld-exports');
  }

  // Swap trunk's unsplit js/wasm for ours, in the files and in index.html.
  const indexPath = join(staging, 'index.html');
  let index = readFileSync(indexPath, 'utf8');
  for (const f of readdirSync(staging)) {
    const m = f.match(new RegExp(`^${APP}-([0-9a-f]+)(_bg\\.wasm|\\.js)$`));
    if (!m) continue;
    index = replaceAll(index, f, m[2] === '.js' ? names.glue : names.wasm);
    rmSync(join(staging, f));
  }
  if (!index.includes(names.glue)) throw new Error('post-build: index.html does not reference the app module');
  // trunk's start-up script also publishes the bindings and an event nothing here listens to.
  index = index.replace(/<script type=["']?module["']?>[^<]*?import init[^<]*<\/script>/,
    `<script type="module">import init from './${names.glue}';init({module_or_path:'./${names.wasm}'})</script>`);

  // One stylesheet instead of seven: the same rules in the same order, one request and one
  // compression window. trunk has already minified each file (release builds).
  const attr = (tag, name) => tag.match(new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'))?.slice(1).find((v) => v !== undefined);
  const sheets = [...index.matchAll(/<link\b[^>]*>/gi)]
    .map((m) => ({ tag: m[0], rel: attr(m[0], 'rel'), href: attr(m[0], 'href') }))
    .filter((l) => /\bstylesheet\b/i.test(l.rel ?? '') && /^\.\/[^/]+\.css$/.test(l.href ?? ''));
  // The stylesheet only the on-demand screens use (connections, setup, a connector's page) is
  // shipped switched off; src/chunks.rs turns it on when such a screen loads.
  const onDemand = (l) => /^\.\/connections-[0-9a-f]+\.css$/.test(l.href);
  const bundle = (list) => list.map((l) => readFileSync(join(staging, l.href.slice(2)), 'utf8')).join('\n');
  if (sheets.length > 1) {
    const css = bundle(sheets.filter((l) => !onDemand(l)));
    const cssName = `console-${hash16(css)}.css`;
    writeFileSync(join(staging, cssName), css);
    let tags = `<link rel="stylesheet" href="./${cssName}">`;
    const later = sheets.filter(onDemand);
    if (later.length) {
      const lazyCss = bundle(later);
      const lazyName = `screens-${hash16(lazyCss)}.css`;
      writeFileSync(join(staging, lazyName), lazyCss);
      tags += `<link rel="stylesheet" href="./${lazyName}" id="mc-css-screens" disabled>`;
    }
    index = index.replace(sheets[0].tag, tags);
    for (const l of sheets.slice(1)) index = index.replace(l.tag, '');
    for (const l of sheets) rmSync(join(staging, l.href.slice(2)));
  }
  // A build for an API on another origin (hosted without the gateway): the console's default
  // API base; the server's CSP lets the page connect to exactly that origin.
  const apiBase = (process.env.MADCONNECT_API_BASE ?? '').trim();
  if (apiBase) {
    const url = new URL(apiBase);
    if (!/^https?:$/.test(url.protocol) || url.search || url.hash || url.username) {
      throw new Error(`post-build: MADCONNECT_API_BASE must be a plain http(s) URL, not ${apiBase}`);
    }
    const meta = `<meta name="mc-api-base" content="${url.href.replace(/\/+$/, '').replace(/"/g, '&quot;')}">`;
    index = index.replace(/<base\b[^>]*>/i, (tag) => tag + meta);
  }
  // The message catalogs (src/i18n): one hashed file per language, named to index.html in a
  // meta tag its start-up script and src/i18n read. English is compiled in and has no file.
  const catalogs = (existsSync('i18n') ? readdirSync('i18n') : []).filter((f) => /^[a-z]{2}\.json$/.test(f)).sort();
  if (catalogs.length) {
    mkdirSync(join(staging, 'i18n'), { recursive: true });
    const entries = catalogs.map((f) => {
      // Keyed by a hash of the English text, as src/i18n looks them up: English keys would be
      // half of every file.
      const text = servedCatalog(join('i18n', f));
      const name = `i18n/${f.replace('.json', '')}-${hash16(text)}.json`;
      writeFileSync(join(staging, name), text);
      return `${f.replace('.json', '')}=${name}`;
    });
    index = index.replace(/<base\b[^>]*>/i, (tag) => `${tag}<meta name="mc-i18n" content="${entries.join(';')}">`);
  }
  writeFileSync(indexPath, index);
  writeFileSync(join(staging, names.glue), glue);
  writeFileSync(join(staging, names.loader), (await minify(loader, { module: true, compress: false, mangle: false })).code);
  cpSync(parts[0], join(staging, names.wasm));
  for (const [p, name] of renamed) cpSync(p, join(staging, name));
  if (existsSync(join(outDir, 'snippets'))) cpSync(join(outDir, 'snippets'), join(staging, 'snippets'), { recursive: true });

  console.log(`post-build: main ${(mainWasm.length / 1024).toFixed(0)} KB + ${renamed.length} lazy parts`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

// Precompressed copies for the server (ServeDir picks them by Accept-Encoding). index.html is
// skipped: the server rewrites it at start-up and compresses the result itself.
const walk = (dir) => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? walk(p) : [p];
});
for (const p of walk(staging)) {
  if (!/\.(wasm|js|css|html|svg|json)$/.test(p) || relative(staging, p) === 'index.html') continue;
  const data = readFileSync(p);
  writeFileSync(`${p}.br`, brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  }));
  writeFileSync(`${p}.gz`, gzipSync(data, { level: 9 }));
}
