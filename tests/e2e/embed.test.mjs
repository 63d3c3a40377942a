// Embedding, end to end: the console (real server, real database) framed by host pages on OTHER
// origins — the example partner portal, a lab host page, and a hostile page — in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServer, launchBrowser, newPage, screenshot, freePort, demo, spawnLogged, waitFor } from './harness.mjs';

const root = resolve(import.meta.dirname, '..', '..');

/** The example partner portal (examples/partner-portal/server.mjs) on http://localhost:<port>. */
async function startPortal(server, port) {
  const origin = `http://localhost:${port}`;
  const { child, log } = spawnLogged(process.execPath, [join(root, 'examples', 'partner-portal', 'server.mjs')], {
    PORTAL_PORT: String(port),
    PORTAL_ORIGIN: origin,
    MADCONNECT_URL: server.url,
    MADCONNECT_CLIENT_ID: demo.clientId,
    MADCONNECT_CLIENT_SECRET: demo.clientSecret,
  });
  await waitFor(origin, child, log, 10000);
  return {
    origin,
    log,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    },
  };
}

/** A bare host site for pages the tests write: `pages.set(path, html)`. It also mints tokens for
 * its pages (POST /token, with the lifetime; POST /token-plain, the token string only). */
async function startHost(server, port) {
  const pages = new Map();
  const http = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (req.method === 'POST' && url.pathname.startsWith('/token')) {
      const r = await fetch(new URL('es/v2/oauth/client-token', server.url), {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(demo),
      });
      const { response } = await r.json();
      const body = url.pathname === '/token' ? { accessToken: response.accessToken, expiresIn: response.expiry } : response.accessToken;
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(body));
    }
    if (url.pathname === '/favicon.ico') return res.writeHead(204).end();
    const html = pages.get(url.pathname);
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? 'not found');
  });
  await new Promise((r) => http.listen(port, '127.0.0.1', r));
  return { origin: `http://localhost:${port}`, pages, stop: () => new Promise((r) => http.close(r)) };
}

let server; // console + API, allowing the portal and the lab host to frame it
let portal;
let lab; // allowlisted test host
let evil; // NOT allowlisted
let browser;
let accounts;

before(async () => {
  const [portalPort, labPort, evilPort] = [await freePort(), await freePort(), await freePort()];
  server = await startServer({ embedOrigins: [`http://localhost:${portalPort}`, `http://localhost:${labPort}`] });
  portal = await startPortal(server, portalPort);
  lab = await startHost(server, labPort);
  evil = await startHost(server, evilPort);
  browser = await launchBrowser();
  accounts = await accountsOf(server);
});

/** Sub-account ids by name (each server has its own fresh database). */
async function accountsOf(srv) {
  const { body } = await srv.api('GET', '/es/v2/accounts');
  return Object.fromEntries(body.response.map((a) => [a.name, a.id]));
}

after(async () => {
  await browser?.close();
  await Promise.all([portal?.stop(), lab?.stop(), evil?.stop()]);
  await server?.stop();
});

async function portalPage(path, { viewport } = {}) {
  const page = await newPage(browser, { viewport });
  page.warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') page.warnings.push(m.text()); });
  await page.goto(portal.origin + '/');
  await page.getByLabel('Username').fill('demo');
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /welcome back/i }).waitFor();
  await page.goto(portal.origin + path);
  return page;
}

/** The events the portal listed, oldest first: [{name, detail}]. */
async function portalEvents(page) {
  return page.evaluate(() => [...document.querySelectorAll('#event-log li')].reverse()
    .map((li) => ({ name: li.dataset.event, detail: JSON.parse(li.querySelector('code').textContent) })));
}

async function waitForEvent(page, name, predicate = () => true, ms = 15000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const found = (await portalEvents(page)).find((e) => e.name === name && predicate(e.detail));
    if (found) return found;
    await page.waitForTimeout(100);
  }
  throw new Error(`no ${name} event within ${ms} ms; got ${JSON.stringify((await portalEvents(page)).map((e) => e.name))}`);
}

test('iframe embedding: the handshake completes, the console is locked to the sub-account and sized to its content', async () => {
  const page = await portalPage('/integrations/iframe');
  const frame = page.frameLocator('#mc-console');
  await frame.locator('.mc-locked-account').getByText('Brand A').waitFor();
  await waitForEvent(page, 'ready');

  // Scoped: no switcher, no sign-out, no sign-in form; the host owns the session.
  assert.equal(await frame.getByLabel('Sub-account').count(), 0, 'no account switcher');
  assert.equal(await frame.getByRole('button', { name: 'Sign out' }).count(), 0);
  assert.equal(await frame.getByLabel('Client secret').count(), 0);

  // The iframe is as tall as the content: no inner scrollbar.
  await waitForEvent(page, 'resize');
  await page.waitForTimeout(300);
  const outer = await page.locator('#mc-console').evaluate((f) => f.getBoundingClientRect().height);
  const inner = await frame.locator('body').evaluate(() => ({ scroll: document.documentElement.scrollHeight, view: innerHeight }));
  assert.notEqual(outer, 480, 'the host resized the frame from its initial height');
  assert.ok(inner.scroll <= inner.view + 1, `no inner scrollbar: frame ${outer}px, content ${JSON.stringify(inner)}`);

  // The token was never echoed back to the host.
  const token = await page.evaluate(() => fetch('/api/madconnect-token', { method: 'POST', headers: { 'x-csrf-token': document.getElementById('mc-console').dataset.csrf } }).then((r) => r.json()));
  const seen = JSON.stringify(await portalEvents(page));
  assert.ok(!seen.includes(token.accessToken.slice(0, 12)), 'no token in any event');
  await screenshot(page, 'embed-portal-iframe');
  assert.deepEqual(page.errors, []);
});

test('custom element: handshake, events as DOM events, sections and destructive actions scoped by the host', async () => {
  const page = await portalPage('/integrations/element?section=connections&destructive=off');
  const frame = page.frameLocator('madconnect-console iframe');
  await frame.locator('.mc-locked-account').getByText('Brand A').waitFor();
  // The element's own state, not the portal's log: a listener added after the console loaded
  // (the portal's script runs after the element's) can miss the `ready` event under load.
  await page.waitForFunction(() => document.querySelector('madconnect-console').ready === true);

  // Only Connections in the navigation, and the console opened it.
  const nav = frame.getByRole('navigation', { name: 'Primary' });
  await nav.getByRole('link', { name: 'Connections' }).waitFor();
  assert.deepEqual(await nav.getByRole('link').allTextContents(), ['Connections']);
  await waitForEvent(page, 'navigated', (d) => d.path.startsWith('/connections'));

  // A hidden section's address says so, kindly, and links back.
  const consoleFrame = page.frames().find((f) => f.url().startsWith(server.url));
  await consoleFrame.evaluate(() => {
    history.pushState(null, '', new URL('marketplace', document.baseURI));
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await frame.getByRole('heading', { name: 'Marketplace is not available here' }).waitFor();
  await frame.getByRole('link', { name: 'Go to Connections' }).click();

  // Destructive actions are not offered.
  await frame.getByRole('heading', { name: /connections/i }).first().waitFor();
  await page.waitForTimeout(500);
  assert.equal(await frame.getByRole('button', { name: /^delete/i }).count(), 0, 'no delete buttons');
  await screenshot(page, 'embed-portal-element-connections-only');
  assert.deepEqual(page.errors, []);
});

test('custom element: a token set by an inline script before the element script ran is used', async () => {
  lab.pages.set('/early-token', `<!doctype html><title>Early token</title>
    <madconnect-console id="el" src="${server.url}" account="${accounts['Brand A']}"></madconnect-console>
    <script>
      const el = document.getElementById('el');
      el.token = async () => (await fetch('/token', { method: 'POST' })).json();
      window.mcErrors = [];
      el.addEventListener('madconnect:error', (e) => window.mcErrors.push(e.detail));
    </script>
    <script src="${new URL('embed/madconnect-console.js', server.url).href}"></script>`);
  const page = await newPage(browser);
  await page.goto(lab.origin + '/early-token');
  await page.frameLocator('madconnect-console iframe').locator('.mc-locked-account').getByText('Brand A').waitFor();
  assert.equal(await page.evaluate(() => document.getElementById('el').ready), true);
  assert.deepEqual(await page.evaluate(() => window.mcErrors), []);
  assert.deepEqual(page.errors, []);
});

test('custom element: a handshake that cannot complete ends in an error event and a visible message', async () => {
  lab.pages.set('/no-token', `<!doctype html><title>No token</title>
    <script>
      window.mcErrors = [];
      document.addEventListener('madconnect:error', (e) => window.mcErrors.push(e.detail));
    </script>
    <madconnect-console src="${server.url}" account="${accounts['Brand A']}" handshake-timeout="1500"></madconnect-console>
    <script src="${new URL('embed/madconnect-console.js', server.url).href}"></script>`);
  const page = await newPage(browser);
  await page.goto(lab.origin + '/no-token');
  await page.waitForFunction(() => window.mcErrors.length > 0);
  const [error] = await page.evaluate(() => window.mcErrors);
  assert.equal(error.code, 'handshake_timeout');
  assert.match(error.message, /no token provider/);
  await page.getByRole('alert').getByText(/could not connect: no token provider was set/).waitFor();
  // The element says so on the console too; that console error is the point of this page.
  assert.ok(page.errors.every((e) => /could not connect/.test(e)), page.errors.join('\n'));
});

test('a theme colour from the host shows in the console; an invalid one is refused and reported', async () => {
  const page = await portalPage('/integrations/element?primary=%23c2410c&mode=dark');
  const frame = page.frameLocator('madconnect-console iframe');
  await frame.locator('.mc-locked-account').getByText('Brand A').waitFor();
  const consoleFrame = page.frames().find((f) => f.url().startsWith(server.url));
  const styles = await consoleFrame.evaluate(() => ({
    primary: getComputedStyle(document.documentElement).getPropertyValue('--mc-color-primary').trim(),
    theme: document.documentElement.dataset.theme,
    mark: getComputedStyle(document.querySelector('.mc-brand__mark')).backgroundColor,
    styleAttr: document.documentElement.getAttribute('style'),
  }));
  assert.equal(styles.primary, '#c2410c');
  assert.equal(styles.theme, 'dark');
  assert.equal(styles.mark, 'rgb(194, 65, 12)', 'a primary-coloured element uses the host colour');
  await screenshot(page, 'embed-portal-themed-dark');

  // Scrolled half-way down the (content-tall) frame, once its content is there: the element tells
  // the console which band is on screen, so its dialogs and notices open there rather than off screen.
  await frame.locator('.mc-mkt-card').first().waitFor();
  await page.mouse.wheel(0, 1400);
  await consoleFrame.waitForFunction(() => parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--mc-embed-visible-top')) > 800);
  const band = await consoleFrame.evaluate(() => ({
    top: parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--mc-embed-visible-top')),
    height: parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--mc-embed-visible-height')),
  }));
  const frameTop = await page.locator('madconnect-console iframe').evaluate((f) => f.getBoundingClientRect().top);
  assert.ok(Math.abs(band.top - -frameTop) <= 2, `band ${JSON.stringify(band)} vs frame top ${frameTop}`);
  assert.ok(band.height > 0 && band.height <= 860);

  const bad = await portalPage(`/integrations/element?primary=${encodeURIComponent('red; background: url(https://evil.test/x)')}`);
  const badFrame = bad.frameLocator('madconnect-console iframe');
  await badFrame.locator('.mc-locked-account').getByText('Brand A').waitFor();
  const rejected = await waitForEvent(bad, 'theme.rejected');
  assert.equal(rejected.detail.token, 'primary');
  assert.match(rejected.detail.reason, /colour/);
  assert.ok(bad.warnings.some((w) => /refused .*'primary'/.test(w)), `a console warning names the token: ${bad.warnings}`);
  const applied = await bad.frames().find((f) => f.url().startsWith(server.url))
    .evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--mc-color-primary').trim());
  assert.notEqual(applied, '');
  assert.doesNotMatch(applied, /red|url/);
});

// Shopify (source) → Google Cloud Storage Export (destination): both added, set up and compatible
// in the seeded Brand A.
const SHOPIFY = 'Shopify';
const GCS = 'Google Cloud Storage Export';

async function connectorId(srv, name) {
  const brandA = (await accountsOf(srv))['Brand A'];
  const { body } = await srv.api('GET', `/es/v2/connectors?accountId=${brandA}&size=100`);
  return body.response.find((c) => c.name === name).connectorId;
}

/** The builder's settings step, filled as a person would; `halfway` runs in the middle. */
async function fillConnectionForm(frame, name, halfway = async () => {}) {
  await frame.getByLabel('Connection name').fill(name);
  await frame.getByLabel('Customer segment').selectOption({ label: 'Repeat buyers' });
  await halfway();
  await frame.getByLabel('Destination path').fill('gs://acme-exports/shopify/');
  await frame.getByLabel('File format').selectOption({ label: 'Parquet' });
  await frame.getByRole('button', { name: 'Continue to review' }).click();
  await frame.getByRole('button', { name: 'Create connection' }).click();
}

test('creating a connection inside the frame raises connection.created in the host', async () => {
  const screen = `/connections/new?source=${await connectorId(server, SHOPIFY)}&destination=${await connectorId(server, GCS)}`;
  const page = await portalPage(`/integrations/iframe?screen=${encodeURIComponent(screen)}`);
  const frame = page.frameLocator('#mc-console');
  await frame.getByLabel('Connection name').waitFor();
  await fillConnectionForm(frame, 'Repeat buyers to GCS (portal)');
  const created = await waitForEvent(page, 'connection.created');
  assert.equal(created.detail.name, 'Repeat buyers to GCS (portal)');
  const { body } = await server.api('GET', `/es/v2/connections/${created.detail.id}?accountId=${accounts['Brand A']}`);
  assert.equal(body.response.name, 'Repeat buyers to GCS (portal)', 'the event names a real connection');
  await screenshot(page, 'embed-portal-connection-created');
  assert.deepEqual(page.errors, []);
});

test('an expired token is renewed by the host and a half-filled form keeps its values', async () => {
  const [hostPort, portalPort] = [await freePort(), await freePort()];
  const short = await startServer({ tokenTtl: 2, embedOrigins: [`http://localhost:${hostPort}`, `http://localhost:${portalPort}`] });
  const host = await startHost(short, hostPort);
  let portal2;
  try {
    const ids = { src: await connectorId(short, SHOPIFY), dest: await connectorId(short, GCS) };
    const brandA = (await accountsOf(short))['Brand A'];
    // The provider returns the token string only: the console learns of the expiry from a 401.
    host.pages.set('/el.html', `<!doctype html><meta charset="utf-8"><title>expiry lab</title>
      <script src="${short.url}embed/madconnect-console.js"></script>
      <madconnect-console id="el" src="${short.url}" account="${brandA}"
        screen="/connections/new?source=${ids.src}&amp;destination=${ids.dest}"></madconnect-console>
      <script>
        window.events = [];
        const el = document.getElementById('el');
        el.token = async () => (await fetch('/token-plain', { method: 'POST' })).json();
        for (const n of ['ready', 'token.expired', 'token.expiring', 'connection.created', 'error'])
          el.addEventListener('madconnect:' + n, (e) => window.events.push({ n, detail: e.detail }));
      </script>`);
    const page = await newPage(browser);
    await page.goto(`http://localhost:${hostPort}/el.html`);
    const frame = page.frameLocator('madconnect-console iframe');
    await frame.getByLabel('Connection name').waitFor();
    await fillConnectionForm(frame, 'Typed before the token expired', async () => {
      await page.waitForTimeout(2600); // the token dies while the person is typing
    });
    await page.waitForFunction(() => window.events.some((e) => e.n === 'connection.created'), null, { timeout: 15000 });
    const names = await page.evaluate(() => window.events.map((e) => e.n));
    assert.ok(names.includes('token.expired'), `the console asked for a token: ${names}`);
    assert.ok(names.indexOf('token.expired') < names.indexOf('connection.created'), `${names}`);
    assert.ok(!names.includes('error'), `no error was shown: ${JSON.stringify(await page.evaluate(() => window.events))}`);
    const created = await page.evaluate(() => window.events.find((e) => e.n === 'connection.created').detail);
    const { body } = await short.api('GET', `/es/v2/connections/${created.id}?accountId=${brandA}`);
    // Everything typed before the expiry made it into the saved connection.
    assert.equal(body.response.name, 'Typed before the token expired');
    assert.equal(body.response.srcConnectionConfig.segment, 'repeat');
    assert.equal(body.response.destConnectionConfig.fileFormat, 'parquet');
    await page.close();

    // When the host passes the lifetime (the portal sends expiresIn), it is asked ahead of expiry
    // and the console never meets an expired token.
    portal2 = await startPortal(short, portalPort);
    const p2 = await newPage(browser);
    await p2.goto(portal2.origin + '/');
    await p2.getByLabel('Username').fill('demo');
    await p2.getByLabel('Password').fill('demo');
    await p2.getByRole('button', { name: 'Sign in' }).click();
    await p2.goto(portal2.origin + '/integrations/iframe?section=connections');
    const f2 = p2.frameLocator('#mc-console');
    await f2.locator('.mc-locked-account').getByText('Brand A').waitFor();
    await p2.waitForTimeout(4500); // more than two token lifetimes
    await f2.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Connections' }).click();
    await f2.getByText('Salesforce leads to Meta').first().waitFor();
    const seen = (await portalEvents(p2)).map((e) => e.name);
    assert.ok(seen.filter((n) => n === 'token.expiring').length >= 2, `renewed ahead of time: ${seen}`);
    assert.ok(!seen.includes('token.expired'), `never expired: ${seen}`);
    await p2.close();
  } finally {
    await portal2?.stop();
    await host.stop();
    await short.stop();
  }
});

/** A lab page on an allowlisted origin that frames the console and inits only when told to, next
 * to a widget from a NOT allowlisted origin (think: a third-party ad or chat frame). */
function labPage(consoleUrl, widgetUrl) {
  return `<!doctype html><meta charset="utf-8"><title>lab host</title>
    <iframe id="c" title="console" src="${consoleUrl}" width="1100" height="700"></iframe>
    <iframe id="w" title="widget" src="${widgetUrl}" width="200" height="60"></iframe>
    <script>
      window.messages = [];
      const c = document.getElementById('c');
      const origin = new URL(c.src).origin;
      addEventListener('message', (e) => { if (e.source === c.contentWindow && e.origin === origin) window.messages.push(e.data); });
      window.init = async (extra) => {
        const t = await (await fetch('/token', { method: 'POST' })).json();
        c.contentWindow.postMessage({ type: 'madconnect:init', version: 1, accessToken: t.accessToken, expiresIn: t.expiresIn, ...extra }, origin);
      };
    </script>`;
}
const widgetPage = `<!doctype html><meta charset="utf-8"><title>widget</title><p>ad</p>
  <script>window.forge = (m) => parent.frames[0].postMessage(m, '*');</script>`;

test('messages from a non-allowlisted origin change nothing, before or after the handshake', async () => {
  lab.pages.set('/lab.html', labPage(server.url, `${evil.origin}/widget.html`));
  evil.pages.set('/widget.html', widgetPage);
  const page = await newPage(browser);
  await page.goto(`${lab.origin}/lab.html`);
  await page.waitForFunction(() => window.messages.some((m) => m.type === 'madconnect:ready'));
  const consoleFrame = page.frames().find((f) => f.url().startsWith(server.url));
  const widget = page.frames().find((f) => f.url().startsWith(evil.origin));
  const frame = page.frameLocator('#c');

  // Even with a VALID token for another sub-account, a forged init is ignored.
  const stolen = await server.token();
  await widget.evaluate(([t, b]) => window.forge({ type: 'madconnect:init', accessToken: t, accountId: b }), [stolen, accounts['Brand B']]);
  await page.waitForTimeout(1000);
  assert.equal(await frame.locator('.mc-locked-account').count(), 0, 'the forged init started nothing');
  assert.equal(await frame.getByRole('navigation', { name: 'Primary' }).count(), 0);

  // The real host's init works.
  await page.evaluate((a) => window.init({ accountId: a, sections: ['connections'] }), accounts['Brand A']);
  await frame.locator('.mc-locked-account').getByText('Brand A').waitFor();
  await frame.getByText('Salesforce leads to Meta').first().waitFor();
  const before = await consoleFrame.evaluate(() => ({
    primary: getComputedStyle(document.documentElement).getPropertyValue('--mc-color-primary').trim(),
    path: location.pathname,
  }));

  // After the handshake: forged theme, navigation, token and a second init are all ignored.
  await widget.evaluate(([b]) => {
    window.forge({ type: 'madconnect:theme', theme: { primary: '#ff0000' } });
    window.forge({ type: 'madconnect:navigate', screen: '/connections/new' });
    window.forge({ type: 'madconnect:token', accessToken: 'forged-token' });
    window.forge({ type: 'madconnect:init', accessToken: 'x', accountId: b });
  }, [accounts['Brand B']]);
  await page.waitForTimeout(1000);
  const afterForgery = await consoleFrame.evaluate(() => ({
    primary: getComputedStyle(document.documentElement).getPropertyValue('--mc-color-primary').trim(),
    path: location.pathname,
  }));
  assert.deepEqual(afterForgery, before);
  await frame.locator('.mc-locked-account').getByText('Brand A').waitFor();

  // The forged token was not adopted: the console still talks to the API with the real one.
  await consoleFrame.evaluate(() => { history.pushState(null, '', location.pathname + '?q=Salesforce'); dispatchEvent(new PopStateEvent('popstate')); });
  await frame.getByText('Salesforce leads to Meta').first().waitFor();
  const received = await page.evaluate(() => window.messages);
  assert.ok(!received.some((m) => m.type === 'madconnect:token.expired'), 'no 401 after the forged token');
  assert.ok(!JSON.stringify(received).includes(stolen.slice(0, 12)), 'the console never echoes a token');
  await page.close();
});

test('an init the console cannot use is refused on screen and reported to the host, naming the field', async () => {
  lab.pages.set('/lab.html', labPage(server.url, `${evil.origin}/widget.html`));
  evil.pages.set('/widget.html', widgetPage);
  const page = await newPage(browser);
  await page.goto(`${lab.origin}/lab.html`);
  await page.waitForFunction(() => window.messages.some((m) => m.type === 'madconnect:ready'));
  await page.evaluate((a) => window.init({ accountId: a, sections: ['connections', 'billing'] }), accounts['Brand A']);
  const frame = page.frameLocator('#c');
  await frame.getByRole('alert').getByRole('heading', { name: 'This console could not start' }).waitFor();
  await frame.getByText(/unknown section "billing"/).waitFor();
  assert.equal(await frame.getByText('Connecting to your portal…').isVisible(), false, 'no spinner next to the refusal');
  const error = await page.evaluate(() => window.messages.find((m) => m.type === 'madconnect:error'));
  assert.equal(error.detail.code, 'invalid_message');
  assert.equal(error.detail.field, 'sections');
  assert.equal(await frame.locator('.mc-locked-account').count(), 0, 'nothing started');
  await page.close();
});

test("the host's init.locale sets the console's language; one it does not ship keeps the browser's", async () => {
  const ja = JSON.parse(readFileSync(join(root, 'i18n', 'ja.json'), 'utf8'));
  lab.pages.set('/lab.html', labPage(server.url, `${evil.origin}/widget.html`));
  evil.pages.set('/widget.html', widgetPage);
  const page = await newPage(browser);
  await page.goto(`${lab.origin}/lab.html`);
  await page.waitForFunction(() => window.messages.some((m) => m.type === 'madconnect:ready'));
  await page.evaluate((a) => window.init({ accountId: a, sections: ['connections'], locale: 'ja-JP' }), accounts['Brand A']);
  const frame = page.frameLocator('#c');
  await frame.getByRole('heading', { level: 1, name: ja['Connections'], exact: true }).waitFor();
  const consoleFrame = page.frames().find((f) => f.url().startsWith(server.url));
  assert.equal(await consoleFrame.evaluate(() => document.documentElement.lang), 'ja');
  await page.close();

  // A language the console does not ship: English stays (the browser's), and the console says why.
  const page2 = await newPage(browser);
  const warnings = [];
  page2.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page2.goto(`${lab.origin}/lab.html`);
  await page2.waitForFunction(() => window.messages.some((m) => m.type === 'madconnect:ready'));
  await page2.evaluate((a) => window.init({ accountId: a, sections: ['connections'], locale: 'pt-BR' }), accounts['Brand A']);
  await page2.frameLocator('#c').getByRole('heading', { level: 1, name: 'Connections', exact: true }).waitFor();
  assert.ok(warnings.some((w) => /pt-BR/.test(w)), `a console warning names the locale: ${warnings}`);
  await page2.close();
});

test('an init whose locale is not a language tag is refused, naming the field', async () => {
  lab.pages.set('/lab.html', labPage(server.url, `${evil.origin}/widget.html`));
  const page = await newPage(browser);
  await page.goto(`${lab.origin}/lab.html`);
  await page.waitForFunction(() => window.messages.some((m) => m.type === 'madconnect:ready'));
  await page.evaluate((a) => window.init({ accountId: a, locale: '<script>' }), accounts['Brand A']);
  await page.waitForFunction(() => window.messages.some((m) => m.type === 'madconnect:error'));
  const error = await page.evaluate(() => window.messages.find((m) => m.type === 'madconnect:error'));
  assert.equal(error.detail.field, 'locale');
  await page.close();
});

test('a page on a non-allowlisted origin cannot frame the console (frame-ancestors)', async () => {
  evil.pages.set('/frame.html', `<!doctype html><meta charset="utf-8"><title>evil</title>
    <iframe id="c" title="console" src="${server.url}" width="900" height="500"></iframe>`);
  const page = await newPage(browser);
  const blocked = page.waitForEvent('console', { predicate: (m) => /frame-ancestors/.test(m.text()), timeout: 10000 });
  const response = page.waitForResponse((r) => r.url() === server.url);
  await page.goto(`${evil.origin}/frame.html`);
  const csp = (await response).headers()['content-security-policy'];
  assert.match(csp, new RegExp(`frame-ancestors ${portal.origin} ${lab.origin}`));
  await blocked;
  const child = page.frames().find((f) => f !== page.mainFrame());
  const loaded = await child.evaluate(() => !!document.querySelector('meta[name="mc-config"]')).catch(() => false);
  assert.equal(loaded, false, 'the console did not load inside the hostile page');
  await page.close();
});

test('under a path prefix: the element script, routing, assets and API calls all work', async () => {
  const hostPort = await freePort();
  const prefixed = await startServer({ publicPath: '/integrations/', embedOrigins: [`http://localhost:${hostPort}`] });
  const host = await startHost(prefixed, hostPort);
  try {
    assert.ok(prefixed.url.endsWith('/integrations/'));
    host.pages.set('/el.html', `<!doctype html><meta charset="utf-8"><title>prefixed</title>
      <script src="${prefixed.url}embed/madconnect-console.js"></script>
      <madconnect-console id="el" src="${prefixed.url}" account="${(await accountsOf(prefixed))['Brand A']}" screen="/connections"></madconnect-console>
      <script>
        window.events = [];
        const el = document.getElementById('el');
        el.token = async () => (await fetch('/token', { method: 'POST' })).json();
        el.addEventListener('madconnect:navigated', (e) => window.events.push(e.detail.path));
      </script>`);
    const page = await newPage(browser);
    await page.goto(`http://localhost:${hostPort}/el.html`);
    const frame = page.frameLocator('madconnect-console iframe');
    await frame.locator('.mc-locked-account').getByText('Brand A').waitFor();
    await frame.getByText('Salesforce leads to Meta').first().waitFor();
    const consoleFrame = () => page.frames().find((f) => f.url().startsWith(prefixed.url));
    assert.match(new URL(consoleFrame().url()).pathname, /^\/integrations\/connections/);

    await frame.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Marketplace' }).click();
    await page.waitForFunction(() => window.events.some((p) => p.startsWith('/marketplace')), null, { timeout: 5000 })
      .catch(async (e) => { throw new Error(`${e.message}: navigated ${JSON.stringify(await page.evaluate(() => window.events))}, frame at ${consoleFrame().url()}`); });
    assert.match(new URL(consoleFrame().url()).pathname, /^\/integrations\/marketplace/);
    await frame.getByText('Adobe Audience Manager').first().waitFor();
    // Logos and stylesheets come from under the prefix too.
    const assets = await consoleFrame().evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    assert.ok(assets.length > 0);
    for (const a of assets) assert.match(a, /^\/integrations\//, `asset ${a} is under the prefix`);
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await host.stop();
    await prefixed.stop();
  }
});
