// Connectors that sign in with OAuth, and custom connectors, driven as a person would (by role and
// label) against the real server and its built-in demo authorization server: the popup (Allow and
// Deny), a blocked popup continued in the same tab, a custom connector from creation to a
// disconnect with its reason, the metadata limits, the marketplace's sign-in facet, and axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, signIn, screenshot, expectNoAxeViolations } from './harness.mjs';

const suite = serverAndBrowser();

/** The catalog's OAuth connectors, and each one added to the signed-in person's first sub-account. */
async function oauthConnectors() {
  const { body } = await suite.server.api('GET', '/es/v2/connectors/all?authType=oauth2&size=100');
  return body.response.filter((c) => c.oauthScopes.length > 0);
}

async function firstAccount() {
  const { body } = await suite.server.api('GET', '/es/v2/accounts');
  return body.response[0].id;
}

async function add(connector) {
  const account = await firstAccount();
  const r = await suite.server.api('POST', `/es/v2/connectors?accountId=${account}`, { body: { connectorIds: [connector.connectorId] } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

const base = () => suite.server.url.replace(/\/$/, '');

async function openSetup(page, connector) {
  await page.goto(`${base()}/connectors/${encodeURIComponent(connector.connectorId)}/setup`);
  await page.getByRole('heading', { level: 1, name: `Set up ${connector.name}` }).waitFor();
}

test('Connect with a provider in a popup: Allow makes the connector Configured without a reload', async () => {
  const [c] = await oauthConnectors();
  await add(c);
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await openSetup(page, c);
  // The scopes come first; the defaults are ticked.
  const scopes = page.getByRole('group', { name: 'Access to ask for' });
  const defaults = c.oauthScopes.filter((s) => s.default);
  for (const s of defaults) assert.ok(await scopes.getByRole('checkbox', { name: new RegExp(`^${s.label}`) }).isChecked(), s.label);
  await page.getByText('Needs setup').first().waitFor();
  await page.evaluate(() => { window.mcNoReload = true; });

  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: `Connect with ${c.name}` }).click(),
  ]);
  await page.getByText(`Waiting for ${c.name}…`).waitFor();
  await screenshot(page, 'oauth-waiting-1280');
  await popup.getByRole('button', { name: 'Allow' }).click();

  await page.getByText(`Connected. ${c.name} is configured.`).waitFor();
  await page.getByRole('heading', { level: 1 }).locator('..').getByText('Configured').waitFor();
  assert.equal(await page.evaluate(() => window.mcNoReload), true, 'the page was not reloaded');
  assert.equal(await page.getByRole('button', { name: `Reconnect with ${c.name}` }).count(), 1);
  await screenshot(page, 'oauth-configured-1280');
  const { body } = await suite.server.api('GET', `/es/v2/connectors?accountId=${await firstAccount()}&size=100`);
  assert.ok(body.response.find((x) => x.connectorId === c.connectorId).configured, 'the server says configured too');
  assert.deepEqual(page.errors, []);
});

test('Deny at the provider shows the reason with Try again', async () => {
  const c = (await oauthConnectors())[1];
  await add(c);
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await openSetup(page, c);
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: `Connect with ${c.name}` }).click(),
  ]);
  await popup.getByRole('button', { name: 'Deny' }).click();
  const alert = page.getByRole('alert').filter({ hasText: `Access was denied at ${c.name}` });
  await alert.waitFor();
  await alert.getByRole('button', { name: 'Try again' }).waitFor();
  await screenshot(page, 'oauth-denied-1280');
  assert.equal(await page.getByText('Needs setup').count(), 1, 'still not configured');

  // Try again opens the provider again; closing it without deciding says so.
  const [again] = await Promise.all([page.waitForEvent('popup'), alert.getByRole('button', { name: 'Try again' }).click()]);
  await again.getByRole('button', { name: 'Allow' }).waitFor();
  await again.close();
  await page.getByRole('alert').filter({ hasText: 'was closed before signing in finished' }).waitFor({ timeout: 15000 });
  assert.deepEqual(page.errors, []);
});

test('A blocked popup continues in this tab and comes back to the same screen with the outcome', async () => {
  const c = (await oauthConnectors())[2];
  await add(c);
  const page = await newPage(suite.browser);
  await page.addInitScript(() => { window.open = () => null; });
  await signIn(page, suite.server);
  await openSetup(page, c);
  await page.getByRole('button', { name: `Connect with ${c.name}` }).click();
  const blocked = page.getByRole('alert').filter({ hasText: 'Your browser blocked the sign-in window.' });
  await blocked.waitFor();
  await screenshot(page, 'oauth-blocked-1280');
  await blocked.getByRole('button', { name: 'Continue in this tab' }).click();

  await page.getByRole('button', { name: 'Allow' }).click();
  await page.getByText(`Connected. ${c.name} is configured.`).waitFor();
  assert.match(new URL(page.url()).pathname, new RegExp(`/connectors/${c.connectorId}/setup$`));
  assert.equal(new URL(page.url()).search, '', 'the ?oauth= query is removed');
  await page.getByRole('heading', { level: 1 }).locator('..').getByText('Configured').waitFor();
  assert.deepEqual(page.errors, []);
});

test('A query claiming success is checked with the server, not believed', async () => {
  const c = (await oauthConnectors())[3];
  await add(c);
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await page.goto(`${base()}/connectors/${encodeURIComponent(c.connectorId)}/setup?oauth=authorized&state=forged`);
  await page.getByRole('heading', { level: 1, name: `Set up ${c.name}` }).waitFor();
  await page.getByRole('alert').filter({ hasText: 'No authorization' }).getByRole('button', { name: 'Try again' }).waitFor();
  assert.equal(await page.getByText(`Connected. ${c.name} is configured.`).count(), 0);
  assert.equal(await page.getByText('Needs setup').count(), 1);
  // The refused status request is the only console error.
  assert.ok(page.errors.every((e) => /404|Not Found/i.test(e)), page.errors.join('\n'));
});

test('A custom connector goes from create to connected, then disconnected with its reason, then removed', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await page.goto(`${base()}/connectors`);
  await page.getByRole('heading', { name: 'Custom connectors' }).waitFor();
  await page.getByText('No custom connectors yet.').waitFor();
  await page.getByRole('button', { name: 'Add custom connector' }).click();
  const form = page.getByRole('region', { name: 'Add custom connector' });
  await form.getByLabel('URL', { exact: true }).fill(`${base()}/`);
  await form.getByLabel('Client ID').fill('acme-ads-client');
  await form.getByLabel('Client secret').fill('acme-secret-value');
  await form.getByRole('button', { name: 'Add pair' }).click();
  await form.getByLabel('Key 1').fill('name');
  await form.getByLabel('Value 1').fill('Acme Ads');
  await form.getByText('1 of 16 pairs').waitFor();
  await form.getByText('4 / 64').waitFor();
  await form.getByText('8 / 512').waitFor();
  await screenshot(page, 'custom-form-1280');
  await form.getByRole('button', { name: 'Create connector' }).click();

  const row = page.getByRole('listitem', { name: 'Acme Ads' });
  await row.getByText('Needs authorization').waitFor();
  assert.equal(await page.getByLabel('Client secret').count(), 0, 'the form (and the secret) are gone');
  const [popup] = await Promise.all([page.waitForEvent('popup'), row.getByRole('button', { name: 'Authorize Acme Ads' }).click()]);
  await row.getByText('Waiting for Acme Ads…').waitFor();
  await popup.getByRole('button', { name: 'Allow' }).click();
  await row.getByText('Connected. Acme Ads is authorized.').waitFor();
  await row.getByText(/^\W*Connected$/).waitFor();
  await screenshot(page, 'custom-connected-1280');

  await row.getByRole('button', { name: 'Disconnect Acme Ads' }).click();
  const dialog = page.getByRole('dialog', { name: 'Disconnect Acme Ads?' });
  await dialog.getByLabel('Reason (optional)').fill('Rotating the client secret');
  await dialog.getByRole('button', { name: 'Disconnect' }).click();
  await dialog.waitFor({ state: 'detached' });
  await row.getByText(/^\W*Disconnected$/).waitFor();
  await row.getByText('Reason: Rotating the client secret').waitFor();
  await row.getByRole('button', { name: 'Reconnect Acme Ads' }).waitFor();
  await screenshot(page, 'custom-disconnected-1280');

  await row.getByRole('button', { name: 'Remove Acme Ads' }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove Acme Ads?' });
  await confirm.getByRole('button', { name: 'Remove connector' }).click();
  await row.waitFor({ state: 'detached' });
  await page.getByText('No custom connectors yet.').waitFor();
  assert.deepEqual(page.errors, []);
});

test('Metadata limits show as you type and a 17th pair is refused by name before sending', async () => {
  const page = await newPage(suite.browser, { viewport: { width: 360, height: 780 } });
  await signIn(page, suite.server);
  await page.goto(`${base()}/connectors`);
  await page.getByRole('button', { name: 'Add custom connector' }).click();
  const form = page.getByRole('region', { name: 'Add custom connector' });
  await form.getByLabel('URL', { exact: true }).fill(`${base()}/`);
  for (let i = 1; i <= 17; i++) {
    await form.getByRole('button', { name: 'Add pair' }).click();
    await form.getByLabel(`Key ${i}`, { exact: true }).fill(`k${i}`);
    await form.getByLabel(`Value ${i}`, { exact: true }).fill('v');
  }
  await form.getByText('17 of 16 pairs').waitFor();
  await form.getByRole('alert').filter({ hasText: 'Pair 17 is over the limit of 16 pairs.' }).waitFor();
  await form.getByLabel('Key 17', { exact: true }).fill('x'.repeat(65));
  await form.getByText('65 / 64').waitFor();
  await screenshot(page, 'custom-metadata-limit-360');
  const before = (await suite.server.api('GET', `/es/v2/custom-connectors?accountId=${await firstAccount()}`)).body.response.length;
  await form.getByRole('button', { name: 'Create connector' }).click();
  await form.getByRole('alert').filter({ hasText: /fields? needs? attention/ }).waitFor();
  const after = (await suite.server.api('GET', `/es/v2/custom-connectors?accountId=${await firstAccount()}`)).body.response.length;
  assert.equal(after, before, 'nothing was sent');
  await form.getByRole('button', { name: 'Remove pair 17' }).click();
  await form.getByText('16 of 16 pairs').waitFor();
  assert.equal(await form.getByText('Pair 17 is over the limit').count(), 0);
  assert.equal(await form.getByLabel('URL', { exact: true }).inputValue(), `${base()}/`, 'nothing typed is lost');
  assert.deepEqual(page.errors, []);
});

test("The server's refusal lands on its field and keeps what was typed", async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await page.goto(`${base()}/connectors`);
  await page.getByRole('button', { name: 'Add custom connector' }).click();
  const form = page.getByRole('region', { name: 'Add custom connector' });
  const tooLong = `https://${'a'.repeat(2100)}.example/`;
  await form.getByLabel('URL', { exact: true }).fill(tooLong);
  await form.getByLabel('Client secret').fill('typed-secret');
  await form.getByLabel('Client ID').fill('someone');
  await form.getByRole('button', { name: 'Create connector' }).click();
  await form.getByRole('alert').filter({ hasText: 'Nothing you typed was lost' }).waitFor();
  // The server's message sits under the URL field, which says it is invalid.
  const url = form.getByRole('textbox', { name: 'URL' });
  assert.equal(await url.getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator(`#${await url.getAttribute('aria-describedby')}`).innerText(), /2048/);
  assert.equal(await url.inputValue(), tooLong);
  assert.equal(await form.getByLabel('Client ID').inputValue(), 'someone');
  assert.ok(page.errors.every((e) => /422/.test(e)), page.errors.join('\n'));
});

test('A custom connector authorized in this tab after a blocked popup comes back connected', async () => {
  const account = await firstAccount();
  const created = await suite.server.api('POST', `/es/v2/custom-connectors?accountId=${account}`, {
    body: { url: `${base()}/`, client_id: 'tab-client', client_secret: 'tab-secret', metadata: { name: 'Tab Ads' }, match_preset: false },
  });
  assert.equal(created.body.response.state, 'auth_required', JSON.stringify(created.body));
  const page = await newPage(suite.browser);
  await page.addInitScript(() => { window.open = () => null; });
  await signIn(page, suite.server);
  await page.goto(`${base()}/connectors`);
  const row = page.getByRole('listitem', { name: 'Tab Ads' });
  await row.getByRole('button', { name: 'Authorize Tab Ads' }).click();
  await row.getByRole('alert').getByRole('button', { name: 'Continue in this tab' }).click();
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.getByRole('listitem', { name: 'Tab Ads' }).getByText('Connected. Tab Ads is authorized.').waitFor();
  assert.equal(new URL(page.url()).search, '', 'the ?oauth= query is removed');
  await suite.server.api('DELETE', `/es/v2/custom-connectors/${created.body.response.id}?accountId=${account}`);
  assert.deepEqual(page.errors, []);
});

test('The marketplace filters by sign-in, kept in the URL, and cards say how each connector signs in', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  const grid = page.getByRole('list', { name: 'Connectors' });
  await grid.waitFor();
  const facet = page.getByRole('group', { name: 'Sign-in' });
  const apiKey = facet.getByRole('checkbox', { name: /^API key/ });
  await apiKey.check();
  await page.waitForURL(/authType=apiKey/);
  let texts = await grid.getByRole('listitem').allInnerTexts();
  assert.ok(texts.length > 0);
  for (const t of texts) assert.match(t, /API key/, t);
  await apiKey.uncheck();
  await facet.getByRole('checkbox', { name: /^Sign in with the provider/ }).check();
  await page.waitForURL(/authType=oauth2/);
  await page.getByRole('status').filter({ hasText: /^\d+ connectors?/ }).first().waitFor();
  texts = await grid.getByRole('listitem').allInnerTexts();
  assert.ok(texts.length > 0);
  for (const t of texts) assert.match(t, /Sign in with /, t);
  await screenshot(page, 'marketplace-auth-facet-1280');
  // Reloading the filtered URL shows the same view.
  await page.reload();
  await grid.waitFor();
  assert.ok(await page.getByRole('group', { name: 'Sign-in' }).getByRole('checkbox', { name: /^Sign in with the provider/ }).isChecked());
  // Release stages are words on the card.
  await page.goto(`${base()}/marketplace?q=reddit`);
  await grid.getByText('Beta').first().waitFor();
  assert.deepEqual(page.errors, []);
});

for (const colorScheme of ['light', 'dark']) {
  test(`axe finds nothing on the OAuth setup and custom connector screens (${colorScheme})`, async () => {
    const c = (await oauthConnectors())[4];
    await add(c);
    const page = await newPage(suite.browser, { colorScheme, bypassCSP: true });
    await signIn(page, suite.server);
    await openSetup(page, c);
    await expectNoAxeViolations(page, `oauth setup ${colorScheme}`);
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('button', { name: `Connect with ${c.name}` }).click(),
    ]);
    await page.getByText(`Waiting for ${c.name}…`).waitFor();
    await expectNoAxeViolations(page, `oauth waiting ${colorScheme}`);
    await popup.close();
    await page.getByRole('alert').filter({ hasText: 'Try again' }).waitFor({ timeout: 15000 });
    await expectNoAxeViolations(page, `oauth failed ${colorScheme}`);
    await screenshot(page, `oauth-setup-${colorScheme}`);

    await page.goto(`${base()}/connectors`);
    await page.getByRole('button', { name: 'Add custom connector' }).click();
    const form = page.getByRole('region', { name: 'Add custom connector' });
    await form.getByRole('button', { name: 'Add pair' }).click();
    await form.getByLabel('Key 1').fill('team');
    await form.getByRole('button', { name: 'Create connector' }).click();
    await form.getByRole('alert').first().waitFor();
    await expectNoAxeViolations(page, `custom connectors ${colorScheme}`);
    await screenshot(page, `custom-form-${colorScheme}`);
    await page.setViewportSize({ width: 360, height: 780 });
    await screenshot(page, `custom-form-${colorScheme}-360`);
    assert.deepEqual(page.errors, []);
  });
}
