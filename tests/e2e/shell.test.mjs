// The console shell against the real server: it loads, signs in with client credentials, and
// shows the organization's sub-accounts from the API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, signIn, screenshot, demo } from './harness.mjs';

const suite = serverAndBrowser();

test('the console loads with a strict Content-Security-Policy', async () => {
  const page = await newPage(suite.browser);
  const response = await page.goto(suite.server.url);
  const csp = response.headers()['content-security-policy'] ?? '';
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /frame-ancestors/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  assert.deepEqual(page.errors, [], 'the page raised no errors under its CSP');
});

test('signing in with client credentials shows the sub-accounts from the API', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  const switcher = page.getByLabel('Sub-account');
  await switcher.waitFor();
  const options = await switcher.locator('option').allTextContents();
  assert.ok(options.some((o) => o.includes('Brand A')), `Brand A among ${options}`);
  assert.ok(options.some((o) => o.includes('Brand B')), `Brand B among ${options}`);
  assert.ok(!options.some((o) => o.includes('Other Org')), 'another organization is never listed');
  await screenshot(page, 'shell-signed-in');

  // The secret is gone once exchanged; the token lives only in sessionStorage.
  const stored = await page.evaluate(() => ({
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
    url: location.href,
    html: document.documentElement.outerHTML,
  }));
  for (const [where, text] of Object.entries(stored)) {
    assert.ok(!text.includes(demo.clientSecret), `client secret must not be in ${where}`);
  }
  assert.equal(stored.local, '{}', 'nothing is kept in localStorage');
  assert.ok(!/token/i.test(new URL(stored.url).search), 'no token in the URL');
});

test('signing out revokes the token on the server', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('mc.session')).accessToken);
  assert.equal((await suite.server.api('GET', '/es/v2/accounts', { token })).status, 200);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  let status;
  for (let i = 0; i < 40 && status !== 401; i++) {
    status = (await suite.server.api('GET', '/es/v2/accounts', { token })).status;
    if (status !== 401) await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(status, 401, 'the signed-out token no longer works');
  assert.deepEqual(page.errors, []);
});

test('a wrong secret gets a clear error and keeps the client id typed', async () => {
  const page = await newPage(suite.browser);
  await page.goto(suite.server.url);
  await page.getByLabel('Client ID').fill(demo.clientId);
  await page.getByLabel('Client secret').fill('not-the-secret');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: /not accepted|invalid|incorrect/i }).first().waitFor();
  assert.equal(await page.getByLabel('Client ID').inputValue(), demo.clientId);
});

test('an unknown address shows the not-found page with a way back', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await page.goto(new URL('no-such-screen', suite.server.url).href);
  await page.getByRole('heading', { name: /not found/i }).waitFor();
  await page.getByRole('link', { name: /marketplace/i }).first().waitFor();
});

test('at 360px wide every section link is on screen', async () => {
  const page = await newPage(suite.browser, { viewport: { width: 360, height: 640 } });
  await signIn(page, suite.server);
  for (const name of ['Marketplace', 'My connectors', 'Connections']) {
    const box = await page.getByRole('link', { name, exact: true }).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 360, `${name} link within the viewport: ${JSON.stringify(box)}`);
  }
});
