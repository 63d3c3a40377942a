// The first load as a browser sees it: compressed assets, a second visit served from the cache,
// screens whose code downloads on demand, and what a person sees when that download fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, signIn, screenshot } from './harness.mjs';

const suite = serverAndBrowser();

/** Every response the page receives, with whether it came from the network or the cache. */
async function recordResponses(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const seen = new Map();
  cdp.on('Network.requestWillBeSent', (e) => seen.set(e.requestId, { url: e.request.url, cached: false }));
  cdp.on('Network.requestServedFromCache', (e) => { const r = seen.get(e.requestId); if (r) r.cached = true; });
  cdp.on('Network.responseReceived', (e) => {
    const r = seen.get(e.requestId);
    if (!r) return;
    r.status = e.response.status;
    r.encoding = e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'];
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) r.cached = true;
  });
  return { all: () => [...seen.values()] };
}

const isAsset = (url) => /\.(wasm|js|css)(\?|$)/.test(new URL(url).pathname);

test('the console travels compressed, and a second visit fetches nothing but index.html and API data', async () => {
  const page = await newPage(suite.browser);
  const first = await recordResponses(page);
  await signIn(page, suite.server);
  await page.goto(new URL('marketplace', suite.server.url).href);
  await page.locator('.mc-mkt-card').first().waitFor();
  const assets = first.all().filter((r) => isAsset(r.url));
  assert.ok(assets.length > 3, `the first visit downloads the console: ${assets.map((r) => r.url)}`);
  for (const r of assets) {
    if (r.url.includes('/embed/')) continue;
    assert.equal(r.encoding, 'br', `${r.url} is served brotli-compressed`);
  }

  // A new tab on the same browser profile (sessionStorage is per tab, so the session is carried
  // over as a reload would keep it): everything but the page and the API comes from the cache.
  const session = await page.evaluate(() => sessionStorage.getItem('mc.session'));
  const again = await page.context().newPage();
  await again.addInitScript((s) => sessionStorage.setItem('mc.session', s), session);
  const second = await recordResponses(again);
  await again.goto(new URL('marketplace', suite.server.url).href);
  await again.locator('.mc-mkt-card').first().waitFor();
  const fromNetwork = second.all().filter((r) => !r.cached && !new URL(r.url).pathname.includes('/es/v2/') && !r.url.startsWith('data:'));
  const pages = fromNetwork.filter((r) => !isAsset(r.url) && !/\/logos\//.test(r.url));
  assert.deepEqual(fromNetwork.filter((r) => isAsset(r.url)).map((r) => r.url), [], 'no script, wasm or stylesheet is fetched again');
  assert.equal(pages.length, 1, `only the page itself: ${pages.map((r) => r.url)}`);
  assert.deepEqual(page.errors, []);
});

test('a screen whose code cannot be downloaded says so, and Try again brings it', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await page.getByRole('heading', { name: 'Marketplace' }).waitFor();
  // The network drops the connection screens' module.
  const blocked = (url) => /\/split_connections-[0-9a-f]+\.wasm$/.test(new URL(url).pathname);
  await page.route(blocked, (route) => route.abort('internetdisconnected'));
  await page.getByRole('link', { name: 'Connections', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'could not be downloaded' });
  await alert.waitFor();
  await screenshot(page, 'chunk-download-failed');

  await page.unroute(blocked);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
  await page.locator('table.mc-conn-table tbody tr').first().waitFor();
  // The failed download is reported by the browser; nothing else went wrong (no panic).
  const unexpected = page.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::ERR_FAILED/.test(e));
  assert.deepEqual(unexpected, []);
});

test('opening the marketplace signed in asks for the first catalog page once, while the code downloads', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  // The signed-in landing page's own first request is done before counting starts.
  await page.locator('.mc-mkt-card').first().waitFor();
  const firstPage = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.endsWith('/es/v2/connectors/all') && u.searchParams.get('offset') === '0') firstPage.push(r);
  });
  let wasmDone = null;
  page.on('requestfinished', (r) => { if (/_bg\.wasm$/.test(new URL(r.url()).pathname) && wasmDone === null) wasmDone = Date.now(); });
  let asked = null;
  page.on('request', (r) => { if (new URL(r.url()).pathname.endsWith('/es/v2/connectors/all') && asked === null) asked = Date.now(); });
  await page.reload();
  await page.locator('.mc-mkt-card').first().waitFor();
  assert.equal(firstPage.length, 1, 'the console took the early answer instead of asking again');
  assert.ok(asked !== null && wasmDone !== null && asked <= wasmDone, 'the catalog was asked for before the code had arrived');

  // Elsewhere nothing is fetched early.
  firstPage.length = 0;
  await page.goto(new URL('connections', suite.server.url).href);
  await page.locator('table.mc-conn-table tbody tr').first().waitFor();
  assert.equal(firstPage.length, 0);
  assert.deepEqual(page.errors, []);
});
