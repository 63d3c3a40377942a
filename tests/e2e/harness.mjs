// The end-to-end harness: a real madconnect-server (fresh SQLite file each time) serving the built
// console from dist/, and Debian's headless Chromium driven by playwright-core.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

const root = resolve(import.meta.dirname, '..', '..');
/** The server binary and the console build under test ($MADCONNECT_SERVER_BIN, $MADCONNECT_DIST). */
export const serverBin = process.env.MADCONNECT_SERVER_BIN ?? join(root, 'target', 'release', 'madconnect-server');
export const distDir = process.env.MADCONNECT_DIST ?? join(root, 'dist');

export const demo = { clientId: 'demoClientId0001', clientSecret: 'demo-secret-for-e2e-tests-0123456' };
export const other = { clientId: 'otherClientId001', clientSecret: 'other-secret-for-e2e-tests-012345' };

export async function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** Starts a program with `env` added, collecting its output in `log` for error messages. */
export function spawnLogged(command, args, env) {
  const log = [];
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => log.push(String(d)));
  child.stderr.on('data', (d) => log.push(String(d)));
  return { child, log };
}

/** Waits until `url` answers at all (any HTTP status), failing early if `child` exits. */
export async function waitFor(url, child, log, ms = 20000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${log.join('')}`);
    try {
      const r = await fetch(url);
      if (r.status > 0) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not answer at ${url} within ${ms} ms:\n${log.join('')}`);
}

/**
 * Starts the real server on a free port with a fresh database.
 * Options: syntheticConnectors, syntheticConnections, embedOrigins (array), publicPath, tokenTtl,
 * extraArgs (more server flags, as an array),
 * staticDir (default dist/), docsOnly (only the documented API), upstream (gateway mode: forward
 * the API there, no database), upstreamTimeout (seconds), dir (a data folder to reuse, kept on stop).
 */
export async function startServer(opts = {}) {
  if (!existsSync(serverBin)) throw new Error(`no server binary at ${serverBin}: run scripts/build.sh`);
  const port = opts.port ?? await freePort();
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'mc-e2e-'));
  const args = ['--addr', `127.0.0.1:${port}`];
  if (opts.upstream) args.push('--upstream', opts.upstream);
  else args.push('--db', join(dir, 'madconnect.db'));
  if (opts.upstreamTimeout) args.push('--upstream-timeout', String(opts.upstreamTimeout));
  if (opts.docsOnly) args.push('--docs-only');
  const staticDir = opts.staticDir === undefined ? distDir : opts.staticDir;
  if (staticDir) args.push('--static', staticDir);
  if (opts.tokenTtl) args.push('--token-ttl', String(opts.tokenTtl));
  if (opts.syntheticConnectors) args.push('--synthetic-connectors', String(opts.syntheticConnectors));
  if (opts.syntheticConnections) args.push('--synthetic-connections', String(opts.syntheticConnections));
  if (opts.embedOrigins?.length) args.push('--embed-origins', opts.embedOrigins.join(','));
  if (opts.publicPath) args.push('--public-path', opts.publicPath);
  // Any other server flags, e.g. ['--transfer-step-ms', '150'] for quick transfer batches.
  if (opts.extraArgs?.length) args.push(...opts.extraArgs);
  const { child, log } = spawnLogged(serverBin, args, {
    RUST_LOG: process.env.RUST_LOG ?? 'warn',
    MADCONNECT_DEMO_CLIENT_ID: demo.clientId,
    MADCONNECT_DEMO_CLIENT_SECRET: demo.clientSecret,
    MADCONNECT_OTHER_CLIENT_ID: other.clientId,
    MADCONNECT_OTHER_CLIENT_SECRET: other.clientSecret,
  });
  const origin = `http://127.0.0.1:${port}`;
  const base = origin + (opts.publicPath ?? '/');
  try {
    await waitFor(`${origin}${(opts.publicPath ?? '/').replace(/\/?$/, '/')}es/v2/accounts`, child, log);
  } catch (e) {
    // A server that never answered is not left running.
    if (child.exitCode === null) child.kill('SIGKILL');
    if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    origin,
    url: base,
    port,
    dir,
    demo,
    other,
    log,
    /** Exchanges client credentials for an access token, over HTTP as any client would. */
    async token(creds = demo) {
      const r = await fetch(`${base.replace(/\/$/, '')}/es/v2/oauth/client-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(creds),
      });
      const body = await r.json();
      if (!r.ok) throw new Error(`token request failed: ${JSON.stringify(body)}`);
      return body.response.accessToken;
    },
    /** Calls the API with a bearer token; returns the parsed envelope and the HTTP status. */
    async api(method, path, { token, body } = {}) {
      const r = await fetch(`${base.replace(/\/$/, '')}${path}`, {
        method,
        headers: { authorization: `Bearer ${token ?? await this.token()}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, body: await r.json() };
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with the flags a closed network and a root user need.
 * Playwright gives every launch a fresh, throw-away profile directory. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/**
 * A new page that fails the test on any uncaught page error or console error.
 * `colorScheme: 'dark'` emulates a dark system; `bypassCSP` is for the accessibility checks only
 * (axe is injected into a page whose policy would otherwise refuse it). `locale` and `timezoneId`
 * set the browser's languages and time zone (default: Chromium's en-US, the machine's zone).
 */
export async function newPage(browser, { viewport = { width: 1280, height: 860 }, colorScheme = 'light', bypassCSP = false, locale, timezoneId } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, bypassCSP, locale, timezoneId });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  return page;
}

/** Signs in through the console's sign-in screen, as a person would. */
export async function signIn(page, server, creds = demo) {
  await page.goto(server.url);
  await page.getByLabel('Client ID').fill(creds.clientId);
  await page.getByLabel('Client secret').fill(creds.clientSecret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Connections', exact: true }).waitFor();
}

/** Saves a screenshot under target/screenshots/ for a person to look at. */
export async function screenshot(page, name) {
  const dir = join(root, 'target', 'screenshots');
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/**
 * The usual suite setup: one real server (fresh database) and one browser for the whole file,
 * stopped afterwards. Returns an object whose `server` and `browser` are set once the suite starts.
 */
export function serverAndBrowser(serverOptions = {}) {
  const ctx = { server: undefined, browser: undefined };
  before(async () => {
    ctx.server = await startServer(serverOptions);
    ctx.browser = await launchBrowser();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.stop();
  });
  return ctx;
}

const axeSource = createRequire(import.meta.url)('axe-core').source;

/**
 * Runs axe-core (WCAG 2.0, 2.1 and 2.2, A and AA) on the page as it is now and fails with every
 * violation's id, targets and summary. The page must come from `newPage(.., { bypassCSP: true })`.
 */
export async function expectNoAxeViolations(page, label) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  // Colours are judged as they end up, not half-way through a dialog's fade-in.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))));
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }));
  });
  if (violations.length) {
    const text = violations
      .map((v) => `- ${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n}`).join('\n')}`)
      .join('\n');
    throw new Error(`${label}: ${violations.length} axe violation(s)\n${text}`);
  }
}

/**
 * Presses Tab (Shift+Tab with `{ back: true }`) until the focused element has `role` and an
 * accessible name matching `name` (role `'label'`: the control labelled `name`, for controls with
 * no role such as a password box), failing after `max` presses. Only the keyboard is used.
 */
export async function tabTo(page, role, name, max = 30, { back = false } = {}) {
  const wanted = role === 'label' ? page.getByLabel(name) : page.getByRole(role, { name });
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const hit = await wanted.evaluateAll((els) => els.includes(document.activeElement));
    if (hit) return;
  }
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60)}"` : 'nothing';
  });
  throw new Error(`no ${role} named ${name} after ${max} Tab presses; focus is on ${focused}`);
}

/** Asserts that the focused element has `role` and an accessible name matching `name`. */
export async function expectFocus(page, role, name) {
  const hit = await page.getByRole(role, { name }).evaluateAll((els) => els.includes(document.activeElement));
  if (!hit) {
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return el ? `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60)}"` : 'nothing';
    });
    throw new Error(`expected focus on ${role} ${name}, but it is on ${focused}`);
  }
}
