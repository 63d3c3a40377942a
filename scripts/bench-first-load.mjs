#!/usr/bin/env node
// First-load benchmark (a measurement, not a test): the console build against the plain-JavaScript
// reference page in scripts/reference/, measured in the same run, in Debian's headless Chromium
// against the real server. Prints one table (figure, console, reference, ratio, budget) and the
// details behind it.
//
//   node scripts/bench-first-load.mjs
//
// What it does: copies the console build (dist/) into a temporary directory, puts reference/
// beside it (linked to the build's own stylesheets; brotli and gzip copies added when the build
// ships precompressed files, so both are served alike), and starts the server on that directory
// with a fresh database. The session is made by signing in through the console once; every
// measured load then starts in a fresh browser context (empty HTTP cache) with that session
// already in sessionStorage, as for a person opening a bookmarked URL in a signed-in tab.
//
// Figures:
//   - bytes on the wire until the first connector card is in the DOM (/marketplace, signed in,
//     cold cache): the CDP encodedDataLength (headers included) of every html/js/wasm/css
//     response whose Network.loadingFinished came before the card, on CDP's clock (as served:
//     compressed where the server compresses), the request count, and the API JSON separately. The same for the sign-in screen (/, not signed in) until the
//     Client ID field is there, and for the reference page.
//   - cold load → first card: median of BENCH_LOADS fresh loads, on emulated Fast 4G (9 Mbit/s
//     down, 1.5 up, 40 ms latency, Chromium's CDP network emulation) and without throttling.
//   - second visit: a new tab in the same browser context (warm HTTP cache) opens /marketplace
//     again; every request that went to the network (304 revalidations included) other than the
//     document and the API is listed, and those served from cache are counted.
//   - facet change on BENCH_CONNECTORS synthetic connectors → the expected first page of cards
//     (names computed here from the API) and the new count in the DOM; median of BENCH_RUNS.
//   - BENCH_CONNECTIONS synthetic connections, status filter → the 25 rows of that status in the
//     DOM (the API call included, for both); median of BENCH_RUNS.
//   - the whole console: every .wasm/.js/.css under dist/, brotli (the build's .br files when it
//     has them, else node's brotli at quality 11).
//
// Environment (all optional):
//   MADCONNECT_DIST        console build to measure (default dist/)
//   MADCONNECT_SERVER_BIN  server binary (default target/release/madconnect-server)
//   CHROMIUM               browser binary (default /usr/bin/chromium)
//   BENCH_LOADS            cold loads per page and network condition (default 5)
//   BENCH_RUNS             facet changes and status changes each (default 20)
//   BENCH_CONNECTORS       synthetic catalog connectors for the facet figure (default 5000)
//   BENCH_CONNECTIONS      synthetic connections for the status figure (default 10000)
//   BENCH_TIMEOUT_MS       longest wait for any one thing on a page (default 60000)
//   BENCH_MAX_MS           the whole run is abandoned after this long (default 300000)
//   BENCH_ONLY             comma-separated subset of: bytes,load,revisit,facet,status,size
//   BENCH_KEEP_SITE=1      keep the assembled directory (build + reference/) and print where it is,
//                          to look at the reference page by hand: target/release/madconnect-server
//                          --static DIR, sign in to the console, then open /reference/index.html
//                          (or /reference/index.html?view=connections) in the same tab
//
// KB are 1,024 bytes. Exit status: 0 whatever the figures (budgets are reported, never enforced);
// 1 when a figure could not be measured (the reason is printed below the table); 2 for a bad option.
import { startServer, launchBrowser, signIn, distDir } from '../tests/e2e/harness.mjs';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { brotliCompressSync, constants as zc, gzipSync } from 'node:zlib';

const usage = (message) => {
  console.error(`bench-first-load: ${message} (the options are listed at the top of scripts/bench-first-load.mjs)`);
  process.exit(2);
};
const env = (name, fallback) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v <= 0) usage(`${name} must be a positive number, not "${process.env[name]}"`);
  return v;
};
const LOADS = env('BENCH_LOADS', 5);
const RUNS = env('BENCH_RUNS', 20);
const CONNECTORS = env('BENCH_CONNECTORS', 5000);
const CONNECTIONS = env('BENCH_CONNECTIONS', 10000);
const TIMEOUT = env('BENCH_TIMEOUT_MS', 60000);
const MAX_MS = env('BENCH_MAX_MS', 300000);
const GRACE = 5000; // how long a page may still recover after an uncaught exception
const SECTIONS = ['bytes', 'load', 'revisit', 'facet', 'status', 'size'];
const only = new Set((process.env.BENCH_ONLY ?? SECTIONS.join(',')).split(',').map((s) => s.trim()).filter(Boolean));
for (const s of only) if (!SECTIONS.includes(s)) usage(`BENCH_ONLY: unknown section "${s}" (known: ${SECTIONS.join(', ')})`);

const VIEWPORT = { width: 1280, height: 860 };
const FAST_4G = { offline: false, latency: 40, downloadThroughput: (9e6 / 8), uploadThroughput: (1.5e6 / 8) };
const KB = 1024;
const BUDGET = { bytes: 250 * KB, bytesGoal: 150 * KB, loadRatio: 2, renderRatio: 1.5, total: 400 * KB };
const referenceSrc = resolve(import.meta.dirname, 'reference');

// --- small helpers ----------------------------------------------------------------------------

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const kb = (n) => `${(n / KB).toFixed(1)} KB`;
const ms = (n) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(1)} ms`);
const ratio = (a, b) => (a == null || b == null || b === 0 ? '—' : `${(a / b).toFixed(2)}×`);
const spread = (xs) => `${ms(Math.min(...xs))}–${ms(Math.max(...xs))}`;

/** A promise that rejects after `limit` ms with a message saying what was awaited. */
function within(promise, limit, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, fail) => { timer = setTimeout(() => fail(new Error(`timed out after ${limit} ms: ${what}`)), limit); }),
  ]);
}

/** The first line of an error message, shortened (Playwright appends whole browser logs). */
const brief = (e) => {
  const first = String(e?.message ?? e).split('\n')[0];
  return first.length > 400 ? `${first.slice(0, 400)}…` : first;
};

/** What a page shows, for error messages. */
async function pageText(page) {
  try {
    const t = await page.evaluate(() => document.body?.innerText ?? '');
    return JSON.stringify(t.replace(/\s+/g, ' ').trim().slice(0, 240));
  } catch {
    return '(page not readable)';
  }
}

// --- the site: the console build plus the reference page --------------------------------------

/** Every file under `dir`, leaving out dot-names (trunk stages a build in dist/.stage/). */
function filesUnder(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** The stylesheets the console's index.html links, as paths relative to the build root. */
function consoleStylesheets(indexHtml) {
  const out = [];
  for (const tag of indexHtml.match(/<link\b[^>]*>/gi) ?? []) {
    const attr = (name) => new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
    const rel = attr('rel');
    const href = attr('href');
    if (!rel || !href || !/\bstylesheet\b/i.test(rel[2] ?? rel[3] ?? rel[4])) continue;
    const h = href[2] ?? href[3] ?? href[4];
    if (/^[a-z]+:|^\/\//i.test(h)) continue;
    out.push(h.replace(/^\.?\//, ''));
  }
  return out;
}

function prepareSite() {
  if (!existsSync(join(distDir, 'index.html'))) throw new Error(`no console build at ${distDir} (run scripts/build.sh or set MADCONNECT_DIST)`);
  const dir = mkdtempSync(join(tmpdir(), 'mc-bench-site-'));
  // Copied without their timestamps: fresh Last-Modified dates leave Chromium no heuristic
  // freshness, so only real Cache-Control headers can keep a second visit off the network.
  cpSync(distDir, dir, { recursive: true, filter: (src) => !relative(distDir, src).split(/[\\/]/).some((n) => n.startsWith('.')) });
  const staging = existsSync(join(distDir, '.stage'));
  const indexHtml = readFileSync(join(distDir, 'index.html'), 'utf8');
  const sheets = consoleStylesheets(indexHtml);
  const refDir = join(dir, 'reference');
  mkdirSync(refDir, { recursive: true });
  const html = readFileSync(join(referenceSrc, 'index.html'), 'utf8')
    .replace('<!-- mc-console-stylesheets -->', sheets.map((h) => `<link rel="stylesheet" href="../${h}" />`).join('\n    '));
  writeFileSync(join(refDir, 'index.html'), html);
  writeFileSync(join(refDir, 'reference.js'), readFileSync(join(referenceSrc, 'reference.js')));
  const precompressed = filesUnder(dir).some((f) => f.endsWith('.br'));
  if (precompressed) {
    for (const name of ['index.html', 'reference.js']) {
      const raw = readFileSync(join(refDir, name));
      writeFileSync(join(refDir, `${name}.br`), brotliCompressSync(raw, { params: { [zc.BROTLI_PARAM_QUALITY]: 11 } }));
      writeFileSync(join(refDir, `${name}.gz`), gzipSync(raw, { level: 9 }));
    }
  }
  // Which build this is: the scripts its index.html loads (their names carry the content hash).
  const scripts = [...indexHtml.matchAll(/["'](?:\.?\/)?([^"'\s]+\.m?js)["']/g)].map((m) => m[1]);
  return { dir, sheets, precompressed, staging, build: [...new Set(scripts)].join(', ') || '(no script named in index.html)' };
}

// --- the browser side -------------------------------------------------------------------------

/** Runs in every document before its scripts: records when the awaited element first enters the
 * DOM (ms since navigation start), with what it takes to put that moment on the CDP clock. */
function probe(watch) {
  const b = { at: null, origin: performance.timeOrigin, requestStart: null };
  window.__mcBench = b;
  const seen = watch === 'signin'
    ? () => {
      for (const l of document.getElementsByTagName('label')) {
        if (l.textContent.trim() === 'Client ID' && l.htmlFor && document.getElementById(l.htmlFor)) return true;
      }
      return false;
    }
    : watch === 'row'
      ? () => document.querySelector('table.mc-conn-table tbody tr') !== null
      : () => document.querySelector('.mc-mkt-card') !== null;
  const obs = new MutationObserver(() => {
    if (b.at !== null || !seen()) return;
    b.at = performance.now();
    b.requestStart = performance.getEntriesByType('navigation')[0]?.requestStart ?? null;
    obs.disconnect();
  });
  obs.observe(document, { subtree: true, childList: true });
}

function putSession({ key, value }) {
  try {
    if (!sessionStorage.getItem(key)) sessionStorage.setItem(key, value);
  } catch { /* opaque origins */ }
}

/** Records every request of a page over CDP: url, type, status, bytes, cache use, headers. */
function recordNetwork(cdp) {
  const reqs = new Map();
  const get = (id) => {
    let r = reqs.get(id);
    if (!r) {
      r = {
        id, url: '', type: '', mime: '', status: 0, bytes: 0, done: false, failed: null, fromCache: false, encoding: '', cacheControl: '',
        start: 0, wallTime: 0, end: Infinity, timing: null,
      };
      reqs.set(id, r);
    }
    return r;
  };
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.url.startsWith('data:')) return;
    const r = get(e.requestId);
    r.url = e.request.url;
    r.type = e.type ?? r.type;
    r.done = false;
    r.start = e.timestamp;
    r.wallTime = e.wallTime;
  });
  cdp.on('Network.requestServedFromCache', (e) => { get(e.requestId).fromCache = true; });
  cdp.on('Network.responseReceived', (e) => {
    const r = reqs.get(e.requestId);
    if (!r) return;
    const h = Object.fromEntries(Object.entries(e.response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    r.type = e.type ?? r.type;
    r.status = e.response.status;
    r.mime = e.response.mimeType ?? '';
    r.encoding = h['content-encoding'] ?? '';
    r.cacheControl = h['cache-control'] ?? '';
    r.timing = e.response.timing ?? null;
    if (e.response.fromDiskCache || e.response.fromPrefetchCache || e.response.fromServiceWorker || e.response.fromMemoryCache) r.fromCache = true;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = reqs.get(e.requestId);
    if (!r) return;
    r.bytes = e.encodedDataLength;
    r.end = e.timestamp;
    r.done = true;
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = reqs.get(e.requestId);
    if (!r) return;
    r.failed = e.errorText;
    r.end = e.timestamp;
    r.done = true;
  });
  return reqs;
}

function kind(r) {
  const path = new URL(r.url).pathname;
  if (path.includes('/es/v2/')) return 'api';
  if (r.type === 'Document' || r.mime === 'text/html') return 'html';
  if (r.mime === 'application/wasm' || path.endsWith('.wasm')) return 'wasm';
  if (r.type === 'Script' || /javascript/.test(r.mime) || /\.m?js$/.test(path)) return 'js';
  if (r.type === 'Stylesheet' || r.mime === 'text/css' || path.endsWith('.css')) return 'css';
  return 'other';
}
const isAsset = (k) => k === 'html' || k === 'js' || k === 'wasm' || k === 'css';

/** Waits until no request is pending and none started for `quiet` ms (at most `max` ms). */
async function settle(reqs, quiet = 500, max = 15000) {
  const until = Date.now() + max;
  let size = -1;
  let since = Date.now();
  while (Date.now() < until) {
    const pending = [...reqs.values()].some((r) => r.url && !r.done);
    if (pending || reqs.size !== size) {
      size = reqs.size;
      since = Date.now();
    } else if (Date.now() - since >= quiet) return true;
    await sleep(50);
  }
  return false;
}

async function emulate(cdp, conditions) {
  try {
    await cdp.send('Network.emulateNetworkConditions', conditions);
  } catch (e) {
    // Newer Chromium: the same conditions as a rule for every URL.
    const { offline, ...rule } = conditions;
    try {
      await cdp.send('Network.emulateNetworkConditionsByRule', { offline, matchedNetworkConditions: [{ urlPattern: '', ...rule }] });
    } catch {
      throw new Error(`Chromium refused the network emulation: ${e.message}`);
    }
  }
}

/** Collects a page's errors; `broke` resolves GRACE ms after its first uncaught exception. */
function watchPage(page) {
  const errors = [];
  let broken;
  const broke = new Promise((resolve) => { broken = resolve; });
  page.on('pageerror', (e) => {
    errors.push(String(e));
    setTimeout(broken, GRACE);
  });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { errors, broke };
}

/** Waits for `waiting`, giving up after TIMEOUT, or GRACE ms after an uncaught exception (a
 * console that failed to start shows nothing, and waiting the whole timeout helps nobody). */
async function awaitOnPage(page, watched, waiting, what) {
  const outcome = await Promise.race([waiting.then(() => 'ok', () => 'timeout'), watched.broke.then(() => 'error')]);
  if (outcome === 'ok') return;
  const when = outcome === 'timeout' ? `within ${TIMEOUT} ms` : `within ${GRACE / 1000} s of an uncaught exception`;
  const u = new URL(page.url());
  const errs = watched.errors.length ? `; page errors: ${watched.errors.slice(0, 3).join(' | ')}` : '';
  throw new Error(`${what} did not happen ${when} at ${u.pathname}${u.search}; the page shows ${await pageText(page)}${errs}`);
}

/**
 * Opens `url` in a fresh browser context (empty cache), optionally signed in and throttled, and
 * waits for `watch` ('card', 'signin', 'row'). Returns the time, the requests, and the open page
 * (the caller closes `context`).
 */
async function coldLoad(browser, url, { session, watch = 'card', throttle = false, keep = false } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    if (session) await context.addInitScript(putSession, { key: 'mc.session', value: session });
    await context.addInitScript(probe, watch);
    const page = await context.newPage();
    const watched = watchPage(page);
    const cdp = await context.newCDPSession(page);
    const reqs = recordNetwork(cdp);
    await cdp.send('Network.enable');
    if (throttle) await emulate(cdp, FAST_4G);
    await page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT });
    const what = { card: 'the first .mc-mkt-card', signin: 'the sign-in form\'s Client ID field', row: 'the first connection row' }[watch];
    await awaitOnPage(page, watched,
      page.waitForFunction(() => window.__mcBench?.at != null, null, { timeout: TIMEOUT, polling: 50 }), `${what} in the DOM`);
    const b = await page.evaluate(() => window.__mcBench);
    const result = { at: b.at, mark: b, reqs, page, cdp, errors: watched.errors, context };
    if (!keep) await context.close();
    return result;
  } catch (e) {
    await context.close().catch(() => {});
    throw e;
  }
}

/**
 * When the awaited element appeared, on the CDP network clock (monotonic seconds). The page's
 * Resource Timing cannot say which responses had finished by then: Chromium adds its entries a
 * little later, so a chunk that arrived just before the element can still be missing. Instead the
 * document's own request ties the two clocks: CDP's requestTime + sendStart is the navigation
 * entry's requestStart. (Wall-clock fallback: requestWillBeSent's wallTime against timeOrigin.)
 */
function markOnCdpClock(load) {
  const doc = [...load.reqs.values()].find((r) => r.type === 'Document');
  if (!doc) throw new Error('no document request was recorded');
  const { at, origin, requestStart } = load.mark;
  if (doc.timing && requestStart != null) return doc.timing.requestTime + (doc.timing.sendStart - requestStart + at) / 1000;
  return (origin + at) / 1000 - (doc.wallTime - doc.start);
}

/** Bytes and requests by kind: those that finished before the awaited element, and the rest. */
function tally(load) {
  const mark = markOnCdpClock(load);
  const before = { asset: 0, assetN: 0, api: 0, apiN: 0, other: 0, otherN: 0, files: [] };
  const after = { asset: 0, assetN: 0, api: 0, apiN: 0, other: 0, otherN: 0, files: [] };
  for (const r of load.reqs.values()) {
    if (!r.url) continue;
    const k = kind(r);
    const side = r.done && r.end <= mark ? before : after;
    const bucket = isAsset(k) ? 'asset' : k === 'api' ? 'api' : 'other';
    side[bucket] += r.bytes;
    side[`${bucket}N`] += 1;
    if (isAsset(k)) side.files.push(r);
  }
  return { before, after };
}

function describe(r, origin) {
  const u = new URL(r.url);
  const path = u.origin === origin ? u.pathname + u.search : r.url;
  const parts = [`${kind(r)}`.padEnd(5), kb(r.bytes).padStart(10), ` ${path}`];
  const notes = [r.encoding ? `content-encoding ${r.encoding}` : 'no content-encoding', r.cacheControl ? `cache-control "${r.cacheControl}"` : 'no cache-control'];
  if (r.status && r.status !== 200) notes.unshift(`HTTP ${r.status}`);
  if (r.failed) notes.unshift(`failed: ${r.failed}`);
  return `${parts.join('')}  (${notes.join(', ')})`;
}

// --- the run ------------------------------------------------------------------------------------

const rows = []; // [figure, console, reference, ratio, budget, within budget]
const details = [];
let failures = 0;
const NOT = 'not measured';
const verdict = (ok) => (ok ? 'yes' : 'NO');
/** Runs one measurement; a failure is noted with its reason and gives undefined. */
async function attempt(what, fn) {
  try {
    return await fn();
  } catch (e) {
    failures += 1;
    details.push(`${what}: NOT MEASURED: ${brief(e)}`);
    return undefined;
  }
}
/** A table row from raw figures (undefined = not measured, null = no such figure). */
function figure(name, c, r, format, budget = '', within = null) {
  const show = (v) => (v === undefined ? NOT : v === null ? '' : format(v));
  // A budget relative to the reference needs both figures; an absolute one only the console's.
  const judged = c != null && within && r !== undefined;
  rows.push([name, show(c), show(r), c != null && r != null ? ratio(c, r) : '', budget, judged ? verdict(within(c, r)) : '']);
}

let server;
let bigServer;
let browser;
let site;
let abandoned = false;
const cleanup = async () => {
  await browser?.close().catch(() => {});
  await server?.stop().catch(() => {});
  await bigServer?.stop().catch(() => {});
  if (site && !process.env.BENCH_KEEP_SITE) rmSync(site.dir, { recursive: true, force: true });
};
const watchdog = setTimeout(() => {
  abandoned = true;
  console.error(`bench-first-load: abandoned after ${MAX_MS} ms (BENCH_MAX_MS); stopping the browser and the servers`);
  cleanup();
}, MAX_MS);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, async () => {
    await cleanup();
    process.exit(130);
  });
}

/** Signs in through the console once and returns what it keeps in sessionStorage; when that
 * fails, the same shape written from the API (so the reference figures are still measured). */
async function consoleSession(srv) {
  try {
    return await signInOnce(srv);
  } catch (e) {
    const token = await srv.token();
    const { body } = await srv.api('GET', '/es/v2/accounts', { token });
    details.push(`signing in through the console failed (${brief(e)}); the session was written from the API instead`);
    return JSON.stringify({ apiBase: '', accessToken: token, expiresAt: Date.now() + 3600e3, accountId: body.response?.[0]?.id ?? null });
  }
}

async function signInOnce(srv) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    const watched = watchPage(page);
    await awaitOnPage(page, watched, within(signIn(page, srv), TIMEOUT, 'signing in'), 'signing in through the console');
    await awaitOnPage(page, watched, page.waitForFunction(() => {
      try {
        return !!JSON.parse(sessionStorage.getItem('mc.session')).accountId;
      } catch {
        return false;
      }
    }, null, { timeout: TIMEOUT, polling: 50 }), 'keeping a session with a sub-account after signing in');
    return await page.evaluate(() => sessionStorage.getItem('mc.session'));
  } finally {
    await context.close();
  }
}

async function firstLoadFigures() {
  server = await startServer({ staticDir: site.dir });
  const session = await consoleSession(server);
  const origin = server.origin;
  const consoleUrl = `${server.url}marketplace`;
  const referenceUrl = `${server.url}reference/index.html`;
  const load = (what, url, opts) => attempt(what, async () => {
    const l = await coldLoad(browser, url, { ...opts, keep: true });
    await settle(l.reqs);
    if (!opts.stayOpen) await l.context.close();
    return l;
  });

  // Kept open: the second visit happens in the same browser context.
  const consoleLoad = only.has('bytes') || only.has('revisit')
    ? await load('console /marketplace, cold load', consoleUrl, { session, stayOpen: true }) : undefined;

  if (only.has('bytes')) {
    const refLoad = await load('reference page, cold load', referenceUrl, { session });
    const signLoad = await load('console sign-in screen, cold load', server.url, { watch: 'signin' });
    const [c, r, s] = [consoleLoad, refLoad, signLoad].map((l) => l && tally(l));
    const pick = (t, f) => (t ? f(t.before) : undefined);
    figure('marketplace: html+js+wasm+css bytes until the first card (cold, signed in)', pick(c, (b) => b.asset), pick(r, (b) => b.asset), kb,
      '≤ 250 KB (goal 150 KB)', (x) => x <= BUDGET.bytes);
    figure('  requests for them', pick(c, (b) => b.assetN), pick(r, (b) => b.assetN), String);
    figure('  API JSON until the first card (not in the budget)', pick(c, (b) => b.api), pick(r, (b) => b.api), kb);
    figure('sign-in screen: html+js+wasm+css bytes until the Client ID field (cold)', pick(s, (b) => b.asset), null, kb,
      '≤ 250 KB (goal 150 KB)', (x) => x <= BUDGET.bytes);
    figure('  requests for them', pick(s, (b) => b.assetN), null, String);
    const list = (title, t, l) => {
      if (!t) return;
      details.push(`${title}: ${l.at.toFixed(0)} ms to it without throttling`);
      for (const f of t.before.files) details.push(`    ${describe(f, origin)}`);
      if (t.after.assetN) {
        details.push(`  after it (not counted): ${t.after.assetN} more html/js/wasm/css requests, ${kb(t.after.asset)}`);
        for (const f of t.after.files) details.push(`    ${describe(f, origin)}`);
      }
      const others = t.before.otherN + t.after.otherN;
      if (others) details.push(`  other requests (images, fonts; not counted): ${others}, ${kb(t.before.other + t.after.other)}`);
      details.push(`  API: ${t.before.apiN} requests, ${kb(t.before.api)} before it; ${t.after.apiN} requests, ${kb(t.after.api)} after`);
      if (l.errors.length) details.push(`  page errors: ${l.errors.join(' | ')}`);
    };
    list('console /marketplace, files before the first card', c, consoleLoad);
    list('reference page, files before the first card', r, refLoad);
    list('console sign-in screen, files before the Client ID field', s, signLoad);
  }

  if (only.has('revisit')) {
    const seen = await attempt('second visit', async () => {
      if (!consoleLoad) throw new Error('the cold load before it was not measured');
      // A second visit: a new tab in the same browser context, so the HTTP cache is warm.
      const page = await consoleLoad.context.newPage();
      const watched = watchPage(page);
      const cdp = await consoleLoad.context.newCDPSession(page);
      const reqs = recordNetwork(cdp);
      await cdp.send('Network.enable');
      await page.goto(consoleUrl, { waitUntil: 'commit', timeout: TIMEOUT });
      await awaitOnPage(page, watched, page.waitForFunction(() => window.__mcBench?.at != null, null, { timeout: TIMEOUT, polling: 50 }),
        'the first card of the second visit in the DOM');
      await settle(reqs);
      return [...reqs.values()].filter((r) => r.url);
    });
    const extra = seen?.filter((r) => !r.fromCache && kind(r) !== 'api' && r.type !== 'Document');
    figure('second visit: requests to the network other than index.html and the API', extra?.length, null, String, '0', (x) => x === 0);
    if (seen) {
      const cached = seen.filter((r) => r.fromCache).length;
      rows.push(['  of which 304 revalidations; requests served from cache', `${extra.filter((r) => r.status === 304).length}; ${cached}`, '', '', '', '']);
      details.push(`second visit (new tab, same browser context): ${seen.length} requests, ${cached} from cache, ${seen.filter((r) => kind(r) === 'api').length} to the API`);
      for (const r of seen.filter((x) => isAsset(kind(x)))) details.push(`    ${r.fromCache ? 'cache  ' : 'network'} ${describe(r, origin)}`);
      const others = seen.filter((x) => kind(x) === 'other');
      if (others.length) {
        details.push(`    and ${others.length} other requests (images): ${others.filter((x) => x.fromCache).length} from cache, `
          + `${others.filter((x) => !x.fromCache).map((x) => `${new URL(x.url).pathname} (HTTP ${x.status})`).join(', ') || 'none to the network'}`);
      }
    }
  }
  await consoleLoad?.context.close().catch(() => {});

  if (only.has('load')) {
    for (const throttle of [true, false]) {
      const label = throttle ? 'Fast 4G' : 'no throttling';
      const times = { console: [], reference: [] };
      const broken = new Set();
      for (let i = 0; i < LOADS; i++) {
        // Interleaved, so a busy moment on the machine hits both alike.
        for (const [who, url] of [['console', consoleUrl], ['reference', referenceUrl]]) {
          if (broken.has(who)) continue;
          const l = await attempt(`${who}: cold load → first card, ${label}`, () => coldLoad(browser, url, { session, throttle }));
          if (l) times[who].push(l.at);
          else broken.add(who);
        }
      }
      const mid = (who) => (broken.has(who) ? undefined : median(times[who]));
      figure(`cold load → first card, ${label} (median of ${LOADS})`, mid('console'), mid('reference'), ms,
        throttle ? '≤ 2× reference' : '', throttle ? (c, r) => c <= BUDGET.loadRatio * r : null);
      details.push(`cold load → first card, ${label}: console ${broken.has('console') ? NOT : spread(times.console)}, `
        + `reference ${broken.has('reference') ? NOT : spread(times.reference)}`);
    }
  }
  await server.stop();
  server = null;
}

/** The row and details of a render figure from both sides' runs ({dom, frame, errors} or undefined). */
function report(name, title, c, r) {
  const mid = (x) => (x ? median(x.dom) : undefined);
  figure(name, mid(c), mid(r), ms, '≤ 1.5× reference', (cm, rm) => cm <= BUDGET.renderRatio * rm);
  const side = (x) => (x ? `${spread(x.dom)} (next frame median ${ms(median(x.frame))})` : NOT);
  details.push(`${title}: console ${side(c)}, reference ${side(r)}`);
  for (const [who, x] of [['console', c], ['reference', r]]) if (x?.errors.length) details.push(`  ${who} page errors: ${x.errors.join(' | ')}`);
}

/** The catalog as the API gives it, sorted like the console's grid. */
async function catalogOf(srv, token, accountId) {
  const items = [];
  for (let offset = 0; ; offset += 100) {
    const { status, body } = await srv.api('GET', `/es/v2/connectors/all?accountId=${encodeURIComponent(accountId)}&size=100&offset=${offset}`, { token });
    if (status !== 200) throw new Error(`catalog request failed (${status}): ${JSON.stringify(body).slice(0, 200)}`);
    items.push(...body.response);
    if (body.response.length < 100) break;
  }
  const key = (c) => c.name.toLowerCase();
  items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.connectorId < b.connectorId ? -1 : a.connectorId > b.connectorId ? 1 : 0));
  return items.filter((c, i) => i === 0 || c.connectorId !== items[i - 1].connectorId);
}

/** Opens a page signed in and waits until `ready` holds. */
async function openReady(srv, session, url, ready, arg, what) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript(putSession, { key: 'mc.session', value: session });
  try {
    const page = await context.newPage();
    const watched = watchPage(page);
    await page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT });
    await awaitOnPage(page, watched, page.waitForFunction(ready, arg, { timeout: TIMEOUT, polling: 100 }), `showing ${what}`);
    return { context, page, errors: watched.errors };
  } catch (e) {
    await context.close();
    throw e;
  }
}

async function facetFigures(srv, session) {
  const { accountId, accessToken } = JSON.parse(session);
  const catalog = await catalogOf(srv, accessToken, accountId);
  const lower = (s) => String(s).toLowerCase();
  // Toggle steps: every state differs from the one before, and the cycle ends unfiltered.
  const steps = [
    ['Platform type', 'CRM Platform'], ['Platform type', 'CRM Platform'],
    ['Data type category', 'reporting'], ['Data type category', 'reporting'],
    ['Platform type', 'Data Provider'], ['Data type category', 'events'],
    ['Data type category', 'events'], ['Platform type', 'Data Provider'],
  ];
  const plan = [];
  let state = { 'Platform type': [], 'Data type category': [] };
  for (let i = 0; i < RUNS; i++) {
    const [group, value] = steps[i % steps.length];
    const list = state[group];
    state = { ...state, [group]: list.includes(value) ? list.filter((v) => v !== value) : [...list, value] };
    const plats = state['Platform type'].map(lower);
    const cats = state['Data type category'].map(lower);
    const matches = catalog.filter((c) => (!plats.length || plats.includes(lower(c.platformType))) && (!cats.length || cats.includes(lower(c.dataTypeCategory))));
    plan.push({ group, value, total: matches.length, names: matches.slice(0, 24).map((c) => c.name) });
  }

  const measure = async (url) => {
    const { context, page, errors } = await openReady(srv, session, url, (total) => {
      const count = document.querySelector('.mc-mkt__count');
      // The console writes the count in the language's digits ("5,076"); the reference plainly.
      const says = (text) => [`${total} connector`, `${new Intl.NumberFormat('en').format(total)} connector`].some((s) => text.startsWith(s));
      return !!count && !count.querySelector('.mc-mkt__loading') && says(count.textContent)
        && document.querySelectorAll('fieldset.mc-facet').length > 0;
    }, catalog.length, `the whole catalog of ${catalog.length} connectors`);
    try {
      const dom = [];
      const frame = [];
      for (const step of plan) {
        const t = await page.evaluate(({ group, value, total, names, limit }) => new Promise((resolve, reject) => {
          const fieldset = [...document.querySelectorAll('fieldset.mc-facet')]
            .find((f) => f.querySelector('legend')?.textContent.trim() === group);
          const label = [...(fieldset?.querySelectorAll('label') ?? [])]
            .find((l) => l.querySelector('span')?.textContent.trim().toLowerCase() === value.toLowerCase());
          const box = label && document.getElementById(label.htmlFor);
          if (!box) return reject(new Error(`no facet ${group} / ${value}`));
          const right = () => {
            const text = document.querySelector('.mc-mkt__count')?.textContent ?? '';
            if (![`${total} connector`, `${new Intl.NumberFormat('en').format(total)} connector`].some((s) => text.startsWith(s))) return false;
            const shown = document.querySelectorAll('.mc-mkt-card__name');
            if (shown.length !== names.length) return false;
            for (let i = 0; i < names.length; i++) if (shown[i].textContent.trim() !== names[i]) return false;
            return true;
          };
          let done = false;
          let t0 = 0;
          const timer = setTimeout(() => {
            obs.disconnect();
            const shown = [...document.querySelectorAll('.mc-mkt-card__name')].slice(0, 3).map((n) => n.textContent.trim());
            reject(new Error(`after ${group} / ${value}: expected ${total} connectors starting ${JSON.stringify(names.slice(0, 3))}, `
              + `the page shows "${document.querySelector('.mc-mkt__count')?.textContent}" starting ${JSON.stringify(shown)}`));
          }, limit);
          const finish = () => {
            if (done || !right()) return;
            done = true;
            const t1 = performance.now();
            obs.disconnect();
            clearTimeout(timer);
            requestAnimationFrame(() => resolve({ dom: t1 - t0, frame: performance.now() - t0 }));
          };
          const obs = new MutationObserver(finish);
          obs.observe(document.querySelector('.mc-mkt__results') ?? document.body, { subtree: true, childList: true, characterData: true });
          t0 = performance.now();
          box.click();
          finish();
        }), { ...step, limit: Math.min(TIMEOUT, 10000) });
        dom.push(t.dom);
        frame.push(t.frame);
        await sleep(50);
      }
      return { dom, frame, errors };
    } finally {
      await context.close();
    }
  };
  report(`facet change → right cards in the DOM, ${catalog.length} connectors (median of ${RUNS})`, 'facet change',
    await attempt('console: facet change', () => measure(`${srv.url}marketplace`)),
    await attempt('reference: facet change', () => measure(`${srv.url}reference/index.html`)));
}

async function statusFigures(srv, session) {
  const { accountId, accessToken } = JSON.parse(session);
  const filters = [['active', 'Active'], ['disabled', 'Disabled'], ['broken', 'Broken'], ['In-progress', 'In progress']];
  const list = async (status) => {
    const q = `accountId=${encodeURIComponent(accountId)}${status ? `&status=${encodeURIComponent(status)}` : ''}&size=25&offset=0`;
    const { status: code, body } = await srv.api('GET', `/es/v2/connections?${q}`, { token: accessToken });
    if (code !== 200) throw new Error(`connection list request failed (${code}): ${JSON.stringify(body).slice(0, 200)}`);
    return body;
  };
  const total = (await list('')).total;
  const expected = {};
  for (const [value] of filters) expected[value] = (await list(value)).response.length;
  const measure = async (url) => {
    const { context, page, errors } = await openReady(srv, session, url,
      () => document.querySelector('table.mc-conn-table tbody tr') !== null && document.getElementById('mc-conn-status') !== null,
      null, 'the connection table');
    try {
      const dom = [];
      const frame = [];
      for (let i = 0; i < RUNS; i++) {
        const [value, label] = filters[i % filters.length];
        const r = await page.evaluate(({ value, label, rows, limit }) => new Promise((resolve, reject) => {
          const select = document.getElementById('mc-conn-status');
          const results = document.querySelector('.mc-conn-results');
          const updated = () => {
            if (results.getAttribute('aria-busy') === 'true') return false;
            const table = results.querySelector('table.mc-conn-table');
            if (!table || table.dataset.statusFilter !== value) return false;
            const badges = table.querySelectorAll('tbody tr .mc-badge__label');
            if (badges.length !== rows) return false;
            for (const b of badges) if (b.textContent !== label) return false;
            return true;
          };
          let done = false;
          const timer = setTimeout(() => {
            obs.disconnect();
            reject(new Error(`the table did not show ${rows} ${label} rows within ${limit} ms`));
          }, limit);
          const obs = new MutationObserver(() => {
            if (done || !updated()) return;
            done = true;
            const t1 = performance.now();
            obs.disconnect();
            clearTimeout(timer);
            requestAnimationFrame(() => resolve({ dom: t1 - t0, frame: performance.now() - t0 }));
          });
          obs.observe(results, { childList: true, subtree: true, attributes: true, characterData: true });
          const t0 = performance.now();
          select.value = value;
          select.dispatchEvent(new Event('change', { bubbles: true }));
        }), { value, label, rows: expected[value], limit: Math.min(TIMEOUT, 10000) });
        dom.push(r.dom);
        frame.push(r.frame);
        await sleep(50);
      }
      return { dom, frame, errors };
    } finally {
      await context.close();
    }
  };
  report(`status filter → 25 rows in the DOM, ${total} connections (median of ${RUNS})`, 'status filter (API call included)',
    await attempt('console: status filter', () => measure(`${srv.url}connections`)),
    await attempt('reference: status filter', () => measure(`${srv.url}reference/index.html?view=connections`)));
}

async function renderFigures() {
  bigServer = await startServer({ staticDir: site.dir, syntheticConnectors: CONNECTORS, syntheticConnections: CONNECTIONS });
  const session = await consoleSession(bigServer);
  if (only.has('facet')) await attempt('facet change', () => facetFigures(bigServer, session));
  if (only.has('status')) await attempt('status filter', () => statusFigures(bigServer, session));
  await bigServer.stop();
  bigServer = null;
}

function sizeFigures() {
  const files = filesUnder(distDir).filter((f) => /\.(wasm|js|mjs|css)$/.test(f));
  let total = 0;
  let fromBuild = 0;
  const list = [];
  for (const f of files) {
    let n;
    if (existsSync(`${f}.br`)) {
      n = statSync(`${f}.br`).size;
      fromBuild += 1;
    } else {
      const raw = readFileSync(f);
      n = brotliCompressSync(raw, { params: { [zc.BROTLI_PARAM_QUALITY]: 11, [zc.BROTLI_PARAM_SIZE_HINT]: raw.length } }).length;
    }
    total += n;
    list.push([relative(distDir, f), n, statSync(f).size]);
  }
  rows.push([`the whole console: ${files.length} wasm/js/css files, brotli`, kb(total), '', '', '≤ 400 KB', verdict(total <= BUDGET.total)]);
  details.push(`whole console (${fromBuild ? `${fromBuild} of ${files.length} from the build's .br files` : 'brotli quality 11 here; the build has no .br files'}):`);
  for (const [name, n, raw] of list.sort((a, b) => b[1] - a[1])) details.push(`    ${kb(n).padStart(10)} brotli  ${kb(raw).padStart(10)} raw  ${name}`);
}

function printTable() {
  const head = ['figure', 'console', 'reference', 'ratio', 'budget', 'within'];
  const all = [head, ...rows];
  const width = head.map((_, i) => Math.max(...all.map((r) => String(r[i] ?? '').length)));
  const line = (r) => `| ${r.map((c, i) => String(c ?? '').padEnd(width[i])).join(' | ')} |`;
  console.log(line(head));
  console.log(`| ${width.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const r of rows) console.log(line(r));
}

const started = Date.now();
try {
  site = prepareSite();
  const needsBrowser = SECTIONS.filter((x) => x !== 'size').some((x) => only.has(x));
  browser = needsBrowser ? await launchBrowser() : undefined;
  const version = browser ? `Chromium ${browser.version()}, headless` : 'no browser needed';
  if (['bytes', 'load', 'revisit'].some((s) => only.has(s))) await attempt('first-load figures (server or sign-in)', firstLoadFigures);
  if (!abandoned && ['facet', 'status'].some((s) => only.has(s))) await attempt('render figures (server or sign-in)', renderFigures);
  if (!abandoned && only.has('size')) await attempt('the whole console', async () => sizeFigures());
  console.log(`First load: console build against the plain-JavaScript reference page, same server, same run`);
  console.log(`Build: ${site.build}`);
  console.log(`${version}; ${LOADS} cold loads per figure, ${RUNS} changes per render figure; `
    + `build ${site.precompressed ? 'ships' : 'does not ship'} precompressed files; reference page styled by ${site.sheets.length} console stylesheet(s)`);
  if (site.staging) console.log('NOTE: dist/.stage exists, so trunk was writing a new build while this one was copied; the files may mix two builds.');
  console.log('');
  printTable();
  console.log('');
  for (const d of details) console.log(d);
  console.log('');
  console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
  if (process.env.BENCH_KEEP_SITE) console.log(`the console build with reference/ beside it was kept in ${site.dir}`);
} catch (e) {
  console.error(`bench-first-load: ${abandoned ? `abandoned after ${MAX_MS} ms: ` : ''}${brief(e)}`);
  failures += 1;
} finally {
  clearTimeout(watchdog);
  await cleanup();
}
process.exit(failures ? 1 : 0);
