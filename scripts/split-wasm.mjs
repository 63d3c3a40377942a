#!/usr/bin/env node
// trunk post_build hook: splits the console's wasm at its lazy routes, names every piece by its
// content, and writes brotli and gzip copies of every asset beside it.
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
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const APP = 'madconnect-console';
const staging = process.env.TRUNK_STAGING_DIR;
const profile = process.env.TRUNK_PROFILE ?? 'release';
if (!staging) {
  console.error('split-wasm: TRUNK_STAGING_DIR is not set (run through trunk build)');
  process.exit(2);
}
const targetDir = process.env.CARGO_TARGET_DIR ?? 'target';
const raw = join(targetDir, 'wasm32-unknown-unknown', profile, `${APP}.wasm`);
if (!existsSync(raw)) {
  console.error(`split-wasm: no cargo output at ${raw}`);
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
  // (and the main wasm) before either is renamed.
  let glue = readFileSync(join(outDir, `${APP}.js`), 'utf8');
  const mainWasm = readFileSync(parts[0]);
  // This script is part of the input: a change to how it rewrites must not reuse a cached name.
  const build = hash16(glue, loader, mainWasm, readFileSync(new URL(import.meta.url)));
  const names = { glue: `${APP}-${build}.js`, wasm: `${APP}-${build}_bg.wasm`, loader: `__wasm_split-${build}.js` };
  // Only the import specifiers: the keys of the imports object must stay the wasm's own module name.
  glue = replaceAll(glue, "from './__wasm_split.js'", `from './${names.loader}'`);
  glue = replaceAll(glue, 'from "./__wasm_split.js"', `from "./${names.loader}"`);
  glue = replaceAll(glue, `'${APP}_bg.wasm'`, `'${names.wasm}'`);
  loader = replaceAll(loader, `"./${APP}.js"`, `"./${names.glue}"`);
  if (!glue.includes(names.loader) && loader.includes('export const')) {
    throw new Error('split-wasm: the main glue does not import the split loader; check wasm-bindgen --keep-lld-exports');
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
  if (!index.includes(names.glue)) throw new Error('split-wasm: index.html does not reference the app module');
  writeFileSync(indexPath, index);
  writeFileSync(join(staging, names.glue), glue);
  writeFileSync(join(staging, names.loader), loader);
  cpSync(parts[0], join(staging, names.wasm));
  for (const [p, name] of renamed) cpSync(p, join(staging, name));
  if (existsSync(join(outDir, 'snippets'))) cpSync(join(outDir, 'snippets'), join(staging, 'snippets'), { recursive: true });

  console.log(`split-wasm: main ${(mainWasm.length / 1024).toFixed(0)} KB + ${renamed.length} lazy parts`);
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
