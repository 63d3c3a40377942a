// The console as a client of the documented API: served by a gateway (`--upstream`) whose upstream
// is a second, real server answering only what the MadConnect docs describe (`--docs-only`). Then
// what a person sees when that upstream goes away: a clear message, and nothing typed lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, newPage, signIn, screenshot, freePort } from './harness.mjs';

const ctx = {};

before(async () => {
  // The sub-account id a real customer knows already: read once from a server with the accounts
  // extension, on the same data folder the docs-only upstream then opens.
  ctx.dataDir = mkdtempSync(join(tmpdir(), 'mc-e2e-upstream-'));
  const full = await startServer({ dir: ctx.dataDir, staticDir: null });
  const { body } = await full.api('GET', '/es/v2/accounts');
  ctx.brandA = body.response.find((a) => a.name === 'Brand A').id;
  await full.stop();
  ctx.upstream = await startServer({ dir: ctx.dataDir, staticDir: null, docsOnly: true });
  ctx.gateway = await startServer({ upstream: ctx.upstream.origin });
  ctx.browser = await launchBrowser();
});

after(async () => {
  await ctx.browser?.close();
  await ctx.gateway?.stop();
  await ctx.upstream?.stop();
  rmSync(ctx.dataDir, { recursive: true, force: true });
});

/** A page whose console errors are kept with the URL that caused them. */
async function page() {
  const p = await newPage(ctx.browser);
  p.failed = [];
  p.on('console', (m) => { if (m.type() === 'error') p.failed.push(`${m.text()} ${m.location().url}`); });
  return p;
}

/** Console errors other than the one probe for the accounts list (a 404 on this API). */
function unexpected(p) {
  return p.failed.filter((e) => !/status of 404 .*\/es\/v2\/accounts(\?|$)/.test(e));
}

async function chooseBrandA(p) {
  await p.getByRole('heading', { name: 'Choose a sub-account' }).waitFor();
  await p.getByLabel('Sub-account ID').fill(ctx.brandA);
  await p.getByRole('button', { name: 'Use account' }).click();
}

const row = (p, name) => p.getByRole('row').filter({ has: p.getByRole('rowheader', { name }) });

test('through a gateway to the documented API: sign in, add and set up a connector, build, run and delete a connection', async () => {
  const p = await page();
  await signIn(p, ctx.gateway);
  // No accounts list on this API: the console asks for the sub-account id.
  await chooseBrandA(p);

  // The marketplace filters and counts its facets itself (the API ignores filter parameters).
  const grid = p.getByRole('list', { name: 'Connectors' });
  await grid.waitFor();
  await p.getByRole('group', { name: 'Platform type' }).getByRole('checkbox', { name: /^Cloud Storage Provider/ }).check();
  await p.waitForURL(/platformType=Cloud%20Storage%20Provider/);
  for (const t of await grid.getByRole('listitem').allInnerTexts()) assert.match(t, /Cloud Storage Provider/, t);
  await p.getByRole('button', { name: 'Clear filters' }).first().click();

  // Add a connector and set it up.
  await p.getByLabel('Search connectors').fill('liveramp activation');
  await p.waitForURL(/q=liveramp/);
  await p.getByRole('link', { name: 'LiveRamp Activation', exact: true }).click();
  await p.getByRole('button', { name: 'Add to this sub-account' }).click();
  await p.getByRole('link', { name: 'Set up', exact: true }).click();
  await p.getByRole('heading', { name: 'Set up LiveRamp Activation' }).waitFor();
  await p.getByLabel('SFTP host').fill('sftp.liveramp.com');
  await p.getByLabel('Port').fill('22');
  await p.getByLabel('Username').fill('brand-a');
  await p.getByLabel('Account manager email').fill('am@liveramp.example');
  await p.getByLabel(/^Password/).fill('Sftp-Pa55word-through-the-gateway');
  await p.getByRole('button', { name: 'Save' }).click();
  await p.getByText('Saved. LiveRamp Activation is configured.').first().waitFor();

  // Connections: pages without a total, and no Recently deleted on this API.
  await p.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Connections', exact: true }).click();
  await p.getByRole('table').waitFor();
  const summary = await p.getByRole('navigation', { name: 'Pagination' }).innerText();
  assert.match(summary, /Showing 1–\d+/);
  assert.doesNotMatch(summary, / of \d/, 'no count the API did not give');
  assert.equal(await p.getByRole('link', { name: 'Recently deleted' }).count(), 0, 'Recently deleted is not offered');
  const statuses = await p.getByLabel('Status', { exact: true }).locator('option').allTextContents();
  assert.ok(statuses.length > 1 && !statuses.includes('Recently deleted'), `status filter: ${statuses}`);

  // Build Salesforce → Meta Custom Audiences.
  await p.getByRole('link', { name: 'New connection' }).click();
  await p.getByRole('link', { name: 'Choose Salesforce', exact: true }).click();
  await p.getByRole('list', { name: 'destinations' }).getByRole('link', { name: 'Choose Meta Custom Audiences' }).click();
  const name = 'Gateway contacts to Meta';
  await p.getByLabel('Connection name').fill(name);
  await p.getByLabel('Object').selectOption({ label: 'Contacts' });
  await p.getByRole('group', { name: /Fields to sync/ }).getByLabel('Email').check();
  await p.getByLabel('Audience name').fill('Loyal contacts');
  await p.getByLabel('Audience source').selectOption({ label: 'Collected directly from customers' });
  await p.getByRole('group', { name: /Match keys/ }).getByLabel('Phone').check();
  await p.getByRole('button', { name: 'Continue to review' }).click();
  await p.getByRole('button', { name: 'Create connection' }).click();
  await p.getByRole('heading', { name: `“${name}” is created` }).waitFor();
  await p.getByRole('button', { name: 'Activate now' }).click();
  await p.getByText('It is active: data starts moving on its next run.').waitFor();
  await p.getByRole('link', { name: 'View connection' }).click();

  // Its page: status changes work; no activity timeline on this API.
  await p.getByRole('heading', { name, level: 1 }).waitFor();
  const actions = p.locator('.mc-page-actions');
  await actions.getByRole('button', { name: /^Disable/ }).click();
  await actions.getByRole('button', { name: /^Enable/ }).waitFor();
  assert.equal(await p.getByRole('heading', { name: 'Activity' }).count(), 0, 'no timeline offered');
  await screenshot(p, 'gateway-docs-only-detail');

  // Delete: the confirmation does not promise a restore this API cannot do.
  await actions.getByRole('button', { name: /^Delete/ }).click();
  const dialog = p.getByRole('dialog');
  await dialog.getByText('It stops moving data at once and cannot be brought back.').waitFor();
  await dialog.getByRole('button', { name: 'Delete connection' }).click();
  await p.getByText(`“${name}” was deleted.`).first().waitFor();
  assert.equal(await actions.getByRole('button', { name: /^Restore/ }).count(), 0, 'no Restore offered');
  await p.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Connections', exact: true }).click();
  await p.getByRole('table').waitFor();
  assert.equal(await row(p, name).count(), 0, 'the deleted connection left the list');

  // The id used here is remembered in this browser for the next sign-in.
  await p.getByRole('button', { name: 'Sign out' }).click();
  await signIn(p, ctx.gateway);
  await p.getByRole('button', { name: `Use sub-account ${ctx.brandA}` }).click();
  await p.getByRole('list', { name: 'Connectors' }).waitFor();

  const stored = await p.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }));
  assert.ok(!stored.includes('demo-secret'), 'the client secret is stored nowhere');
  assert.deepEqual(unexpected(p), []);
  assert.deepEqual(p.errors.filter((e) => !/status of 404/.test(e)), []);
});

test('an upstream that is down: sign-in says so and keeps what was typed', async () => {
  const closed = `http://127.0.0.1:${await freePort()}`;
  const gateway = await startServer({ upstream: closed });
  try {
    const p = await page();
    await p.goto(gateway.url);
    await p.getByLabel('Client ID').fill('someClientId');
    await p.getByLabel('Client secret').fill('typed-secret');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('alert').filter({ hasText: `The MadConnect API at ${closed} could not be reached` }).waitFor();
    assert.equal(await p.getByLabel('Client ID').inputValue(), 'someClientId');
    assert.equal(await p.getByLabel('Client secret').inputValue(), 'typed-secret');
    assert.deepEqual(p.errors.filter((e) => !/status of 502/.test(e)), []);
  } finally {
    await gateway.stop();
  }
});

// Last: it stops the shared upstream.
test('the upstream going away mid-task: the save says why, and the form keeps every value', async () => {
  const p = await page();
  await signIn(p, ctx.gateway);
  await chooseBrandA(p);
  await p.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Connections', exact: true }).click();
  await p.getByRole('link', { name: 'New connection' }).click();
  await p.getByRole('link', { name: 'Choose Salesforce', exact: true }).click();
  await p.getByRole('list', { name: 'destinations' }).getByRole('link', { name: 'Choose Meta Custom Audiences' }).click();
  await p.getByLabel('Connection name').fill('Typed while the API went away');
  await p.getByLabel('Object').selectOption({ label: 'Contacts' });
  await p.getByRole('group', { name: /Fields to sync/ }).getByLabel('Email').check();
  await p.getByLabel('Audience name').fill('Kept audience');
  await p.getByLabel('Audience source').selectOption({ label: 'Collected directly from customers' });
  await p.getByRole('group', { name: /Match keys/ }).getByLabel('Phone').check();
  await p.getByRole('button', { name: 'Continue to review' }).click();
  await p.getByRole('heading', { name: 'Review and create' }).waitFor();

  await ctx.upstream.stop();
  ctx.upstream = undefined;
  await p.getByRole('button', { name: 'Create connection' }).click();
  await p.getByRole('alert').filter({ hasText: /The MadConnect API at http:\/\/127\.0\.0\.1:\d+ could not be reached/ })
    .filter({ hasText: 'Nothing you typed was lost' }).waitFor();
  await screenshot(p, 'gateway-upstream-down');
  await p.getByText('Kept audience').waitFor();
  await p.getByText('Typed while the API went away').first().waitFor();
  assert.deepEqual(p.errors.filter((e) => !/status of (404|502)/.test(e)), []);
});
