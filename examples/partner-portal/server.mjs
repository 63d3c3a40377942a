// Acme Partner Portal: an example host site that embeds the MadConnect console.
//
// Its own tiny server on its own origin (Node's http module, no dependencies). It signs in its
// user with a demo login, exchanges ITS client credentials for a MadConnect access token on the
// server side (the client secret never reaches a browser), and serves two pages that embed the
// console: a plain <iframe> speaking the postMessage protocol by hand, and the
// <madconnect-console> custom element.
//
// Environment:
//   PORTAL_PORT            port to listen on (default 4000)
//   PORTAL_HOST            interface to bind (default 127.0.0.1)
//   PORTAL_ORIGIN          this portal's public origin (default http://localhost:<port>); the console
//                          server must list it in --embed-origins
//   PORTAL_USER / PORTAL_PASSWORD   the demo login (default demo / demo)
//   MADCONNECT_URL         the console's URL as browsers reach it (default http://127.0.0.1:8080/)
//   MADCONNECT_API_URL     where this server reaches the API (default MADCONNECT_URL)
//   MADCONNECT_CLIENT_ID / MADCONNECT_CLIENT_SECRET   the partner's client credentials (required)
//   MADCONNECT_ACCOUNT_ID  the sub-account the demo user manages; or
//   MADCONNECT_ACCOUNT_NAME  its name, looked up with GET /es/v2/accounts (default "Brand A")
import { createServer } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';

const env = process.env;
const port = Number(env.PORTAL_PORT ?? 4000);
const host = env.PORTAL_HOST ?? '127.0.0.1';
const portalOrigin = (env.PORTAL_ORIGIN ?? `http://localhost:${port}`).replace(/\/$/, '');
const consoleUrl = new URL(env.MADCONNECT_URL ?? 'http://127.0.0.1:8080/');
if (!consoleUrl.pathname.endsWith('/')) consoleUrl.pathname += '/';
const apiBase = new URL(env.MADCONNECT_API_URL ?? consoleUrl.href);
if (!apiBase.pathname.endsWith('/')) apiBase.pathname += '/';
const credentials = { clientId: env.MADCONNECT_CLIENT_ID, clientSecret: env.MADCONNECT_CLIENT_SECRET };
const demoUser = { name: env.PORTAL_USER ?? 'demo', password: env.PORTAL_PASSWORD ?? 'demo' };
if (!credentials.clientId || !credentials.clientSecret) {
  console.error('partner portal: set MADCONNECT_CLIENT_ID and MADCONNECT_CLIENT_SECRET (the partner\'s client credentials)');
  process.exit(2);
}

const publicDir = join(import.meta.dirname, 'public');
/** session id → { user, csrf } ; memory only, like a real portal's session store in miniature. */
const sessions = new Map();
let accountId = env.MADCONNECT_ACCOUNT_ID ?? null;

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function securityHeaders(res) {
  // The portal's own strict CSP: scripts from itself and the console's element script only,
  // frames from the console only.
  res.setHeader('Content-Security-Policy', [
    "default-src 'self'",
    `script-src 'self' ${consoleUrl.origin}`,
    `frame-src ${consoleUrl.origin}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; '));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
}

function send(res, status, type, body, headers = {}) {
  securityHeaders(res);
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

const json = (res, status, value) => send(res, status, 'application/json', JSON.stringify(value));

function sessionOf(req) {
  const cookie = req.headers.cookie ?? '';
  const id = /(?:^|;\s*)portal_session=([A-Za-z0-9_-]+)/.exec(cookie)?.[1];
  return id ? sessions.get(id) ?? null : null;
}

async function readBody(req, limit = 10_000) {
  let size = 0;
  const chunks = [];
  for await (const c of req) {
    size += c.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sameText(a, b) {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && timingSafeEqual(x, y);
}

/** POSTs and fetches from a page of this portal only (no cross-site requests). */
function fromThisPortal(req) {
  const origin = req.headers.origin;
  return !origin || origin === portalOrigin;
}

async function mcFetch(path, init = {}) {
  const r = await fetch(new URL(path, apiBase), init);
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.statusMessage || `MadConnect answered ${r.status}`);
  return body.response;
}

/** Exchanges the partner's client credentials for a short-lived access token, server to server. */
async function mintToken() {
  const token = await mcFetch('es/v2/oauth/client-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  return { accessToken: token.accessToken, expiresIn: token.expiry, accountId: await resolveAccount(token.accessToken) };
}

/** The sub-account the demo user manages: configured, or found by name once. */
async function resolveAccount(accessToken) {
  if (!accountId) {
    const token = accessToken ?? (await mintToken()).accessToken;
    if (accountId) return accountId;
    const wanted = env.MADCONNECT_ACCOUNT_NAME ?? 'Brand A';
    const accounts = await mcFetch('es/v2/accounts?size=100', { headers: { authorization: `Bearer ${token}` } });
    const match = accounts.find((a) => a.name === wanted) ?? accounts[0];
    if (!match) throw new Error('this organization has no sub-accounts');
    accountId = match.id;
  }
  return accountId;
}

function page(title, user, body, { scripts = [] } = {}) {
  const nav = user
    ? `<nav class="portal-nav" aria-label="Portal">
        <a href="/">Dashboard</a>
        <a href="/integrations/iframe">Integrations (iframe)</a>
        <a href="/integrations/element">Integrations (custom element)</a>
      </nav>
      <form method="post" action="/logout" class="portal-user">
        <span>Signed in as <strong>${esc(user)}</strong></span>
        <button type="submit">Sign out</button>
      </form>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${esc(title)} · Acme Partner Portal</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/static/portal.css">
  ${scripts.map((s) => `<script src="${esc(s)}" defer></script>`).join('\n  ')}
</head>
<body>
  <header class="portal-header">
    <a class="portal-brand" href="/"><span class="portal-brand__mark" aria-hidden="true">A</span> Acme Partner Portal</a>
    ${nav}
  </header>
  <main class="portal-main">
${body}
  </main>
</body>
</html>`;
}

/** Options a person can change on the integration pages (kept in the query string). */
function embedOptions(url) {
  const q = url.searchParams;
  const sections = q.getAll('section');
  return {
    sections: sections.length ? sections : ['marketplace', 'connectors', 'connections'],
    allowDestructive: q.get('destructive') !== 'off',
    primary: q.get('primary') ?? '',
    mode: q.get('mode') === 'dark' ? 'dark' : 'light',
    screen: q.get('screen') ?? '',
  };
}

function optionsForm(action, o) {
  const box = (name) => `<label class="portal-check"><input type="checkbox" name="section" value="${name}"${o.sections.includes(name) ? ' checked' : ''}> ${name[0].toUpperCase()}${name.slice(1)}</label>`;
  return `<form class="portal-options" method="get" action="${action}">
      <fieldset>
        <legend>Sections shown</legend>
        ${box('marketplace')} ${box('connectors')} ${box('connections')}
      </fieldset>
      <label class="portal-check"><input type="checkbox" name="destructive" value="off"${o.allowDestructive ? '' : ' checked'}> Hide delete and remove actions</label>
      <label class="portal-field">Brand colour <input type="text" name="primary" value="${esc(o.primary)}" placeholder="#0a7d5a" size="10"></label>
      <label class="portal-field">Mode
        <select name="mode"><option value="light"${o.mode === 'light' ? ' selected' : ''}>Light</option><option value="dark"${o.mode === 'dark' ? ' selected' : ''}>Dark</option></select>
      </label>
      <button type="submit">Apply</button>
    </form>`;
}

const eventLog = `<section class="portal-events" aria-labelledby="events-title">
      <h2 id="events-title">Events from the console</h2>
      <p class="portal-muted">Everything the embedded console told this page, newest first. Your portal would react here (refresh a list, send an email, log to analytics).</p>
      <ol id="event-log" class="portal-events__list" aria-live="polite"></ol>
    </section>`;

async function route(req, res) {
  const url = new URL(req.url, portalOrigin);
  const session = sessionOf(req);
  const user = session?.user ?? null;

  if (req.method === 'GET' && url.pathname.startsWith('/static/')) {
    const name = url.pathname.slice('/static/'.length);
    if (!/^[a-z-]+\.(css|js)$/.test(name)) return send(res, 404, 'text/plain', 'Not found');
    try {
      const body = await readFile(join(publicDir, name));
      const type = extname(name) === '.css' ? 'text/css' : 'text/javascript';
      return send(res, 200, `${type}; charset=utf-8`, body);
    } catch {
      return send(res, 404, 'text/plain', 'Not found');
    }
  }

  if (req.method === 'POST' && url.pathname === '/login') {
    if (!fromThisPortal(req)) return send(res, 403, 'text/plain', 'Cross-site request refused');
    const form = new URLSearchParams(await readBody(req));
    if (sameText(form.get('username') ?? '', demoUser.name) && sameText(form.get('password') ?? '', demoUser.password)) {
      const id = randomBytes(24).toString('base64url');
      sessions.set(id, { user: demoUser.name, csrf: randomBytes(24).toString('base64url') });
      return send(res, 303, 'text/plain', 'Signed in', {
        Location: url.searchParams.get('next')?.startsWith('/') ? url.searchParams.get('next') : '/',
        'Set-Cookie': `portal_session=${id}; HttpOnly; SameSite=Lax; Path=/`,
      });
    }
    return send(res, 401, 'text/html; charset=utf-8', loginPage('That username and password do not match. Try demo / demo.'));
  }

  if (req.method === 'POST' && url.pathname === '/logout') {
    if (!fromThisPortal(req)) return send(res, 403, 'text/plain', 'Cross-site request refused');
    const id = /(?:^|;\s*)portal_session=([A-Za-z0-9_-]+)/.exec(req.headers.cookie ?? '')?.[1];
    if (id) sessions.delete(id);
    return send(res, 303, 'text/plain', 'Signed out', { Location: '/', 'Set-Cookie': 'portal_session=; Max-Age=0; Path=/' });
  }

  if (req.method === 'GET' && url.pathname === '/') {
    if (!user) return send(res, 200, 'text/html; charset=utf-8', loginPage());
    return send(res, 200, 'text/html; charset=utf-8', page('Dashboard', user, `
    <h1>Welcome back, ${esc(user)}</h1>
    <p>Manage your ad and data platform integrations without leaving the portal.</p>
    <ul class="portal-cards">
      <li><a class="portal-card" href="/integrations/iframe"><strong>Integrations (iframe)</strong><span>The console in a plain iframe; this page speaks the postMessage protocol itself.</span></a></li>
      <li><a class="portal-card" href="/integrations/element"><strong>Integrations (custom element)</strong><span>The same with one <code>&lt;madconnect-console&gt;</code> tag.</span></a></li>
    </ul>`));
  }

  if (req.method === 'GET' && (url.pathname === '/integrations/iframe' || url.pathname === '/integrations/element')) {
    if (!user) return send(res, 303, 'text/plain', 'Sign in first', { Location: '/' });
    const o = embedOptions(url);
    const config = {
      'data-console-url': consoleUrl.href,
      'data-sections': o.sections.join(','),
      'data-allow-destructive': String(o.allowDestructive),
      'data-primary': o.primary,
      'data-mode': o.mode,
      'data-screen': o.screen,
      'data-csrf': session.csrf,
    };
    const attrs = Object.entries(config).map(([k, v]) => `${k}="${esc(v)}"`).join(' ');
    if (url.pathname === '/integrations/iframe') {
      return send(res, 200, 'text/html; charset=utf-8', page('Integrations', user, `
    <h1>Integrations</h1>
    <p class="portal-muted">Embedded with a plain <code>&lt;iframe&gt;</code>; this page answers the console's handshake and token requests itself (<code>/static/iframe-host.js</code>).</p>
    ${optionsForm('/integrations/iframe', o)}
    <div class="portal-embed">
      <iframe id="mc-console" title="MadConnect integrations" src="${esc(consoleUrl.href)}"
        sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox" ${attrs}></iframe>
    </div>
    ${eventLog}`, { scripts: ['/static/event-log.js', '/static/iframe-host.js'] }));
    }
    let account;
    try {
      account = await resolveAccount();
    } catch (e) {
      return send(res, 502, 'text/html; charset=utf-8', page('Integrations', user, `<h1>Integrations are unavailable</h1><p class="portal-error" role="alert">MadConnect could not be reached: ${esc(e.message)}</p>`));
    }
    const theme = { mode: o.mode, ...(o.primary ? { primary: o.primary } : {}) };
    return send(res, 200, 'text/html; charset=utf-8', page('Integrations', user, `
    <h1>Integrations</h1>
    <p class="portal-muted">Embedded with the <code>&lt;madconnect-console&gt;</code> custom element the console ships (<code>/static/element-host.js</code> gives it a token provider).</p>
    ${optionsForm('/integrations/element', o)}
    <div class="portal-embed">
      <madconnect-console id="mc-element" src="${esc(consoleUrl.href)}" account="${esc(account)}" sections="${esc(o.sections.join(','))}"
        allow-destructive="${o.allowDestructive}" theme="${esc(JSON.stringify(theme))}"${o.screen ? ` screen="${esc(o.screen)}"` : ''}
        frame-title="MadConnect integrations" data-csrf="${esc(session.csrf)}"></madconnect-console>
    </div>
    ${eventLog}`, { scripts: [new URL('embed/madconnect-console.js', consoleUrl).href, '/static/event-log.js', '/static/element-host.js'] }));
  }

  if (req.method === 'POST' && url.pathname === '/api/madconnect-token') {
    // The portal's own session and a same-origin request with its CSRF token: nobody else can
    // make this portal mint tokens.
    if (!user || !fromThisPortal(req) || !sameText(req.headers['x-csrf-token'] ?? '', session.csrf)) {
      return json(res, 401, { error: 'Sign in to the portal first.' });
    }
    try {
      return json(res, 200, await mintToken());
    } catch (e) {
      console.error(`partner portal: token exchange failed: ${e.message}`);
      return json(res, 502, { error: `MadConnect did not issue a token: ${e.message}` });
    }
  }

  return send(res, 404, 'text/html; charset=utf-8', page('Not found', user, '<h1>Not found</h1><p><a href="/">Back to the dashboard</a></p>'));
}

function loginPage(error = '') {
  return page('Sign in', null, `
    <section class="portal-login">
      <h1>Sign in to Acme Partner Portal</h1>
      <p class="portal-muted">Demo login: <strong>demo</strong> / <strong>demo</strong>.</p>
      ${error ? `<p class="portal-error" role="alert">${esc(error)}</p>` : ''}
      <form method="post" action="/login">
        <label class="portal-field">Username <input name="username" autocomplete="username" required></label>
        <label class="portal-field">Password <input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit">Sign in</button>
      </form>
    </section>`);
}

createServer((req, res) => {
  route(req, res).catch((e) => {
    console.error(`partner portal: ${e.message}`);
    if (!res.headersSent) send(res, 500, 'text/plain', 'Something went wrong.');
  });
}).listen(port, host, () => {
  console.log(`Acme Partner Portal on ${portalOrigin} (sign in with ${demoUser.name} / ${demoUser.password === 'demo' ? 'demo' : '***'})`);
  console.log(`embedding the console at ${consoleUrl.href}`);
});
