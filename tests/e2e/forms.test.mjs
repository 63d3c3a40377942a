// Forms a person fills in, end to end: connector setup (a click that must not be lost, whole
// numbers, stored secrets, one success message), the unsaved-changes guard on setup, edit and the
// builder, and a save that needs a fresh sign-in on the way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, startServer, newPage, signIn, screenshot } from './harness.mjs';

const suite = serverAndBrowser();

let brandA;
async function brandAId() {
  brandA ??= (await suite.server.api('GET', '/es/v2/accounts')).body.response.find((a) => a.name === 'Brand A').id;
  return brandA;
}

/** Adds a catalog connector to Brand A over the API and returns its id. */
async function addToBrandA(name) {
  const { body } = await suite.server.api('GET', `/es/v2/connectors/all?q=${encodeURIComponent(name)}&size=10`);
  const id = body.response.find((c) => c.name === name).connectorId;
  await suite.server.api('POST', `/es/v2/connectors?accountId=${await brandAId()}`, { body: { connectorIds: [id] } });
  return id;
}

async function connectionId(name) {
  const { body } = await suite.server.api('GET', `/es/v2/connections?accountId=${await brandAId()}&q=${encodeURIComponent(name)}&size=5`);
  return body.response.find((c) => c.name === name).id;
}

const at = (path) => new URL(path.replace(/^\//, ''), suite.server.url).href;

async function openSetup(page, id, name) {
  await page.goto(at(`/connectors/${id}/setup`));
  await page.getByRole('heading', { level: 1, name: `Set up ${name}` }).waitFor();
}

test('setup: the first click on Save counts even when a field error appears as the field is left', async () => {
  const id = await addToBrandA('Acxiom InfoBase');
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await openSetup(page, id, 'Acxiom InfoBase');
  await page.getByLabel('Escalation phone').fill('call me maybe');
  const save = page.getByRole('button', { name: 'Save' });
  await save.scrollIntoViewIfNeeded();
  const box = await save.boundingBox();
  // The upper half of Save: the phone's message, shown as the field loses focus, must not move
  // the button out from under this press.
  await page.mouse.click(box.x + box.width / 2, box.y + 4);
  await page.getByText('SFTP host is required').waitFor();
  await page.getByText('Escalation phone must be a phone number').waitFor();
  await page.getByText(/fields need attention/).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'host', 'the submit ran and focused the first invalid field');
  assert.deepEqual(page.errors, []);
});

test('setup: Port takes whole numbers only, in the browser and on the server alike', async () => {
  const id = await addToBrandA('Acxiom InfoBase');
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await openSetup(page, id, 'Acxiom InfoBase');
  await page.getByLabel('Port').fill('2.5');
  await page.getByLabel('Port').blur();
  await page.getByText('Port must be a whole number').waitFor();
  const { status, body } = await suite.server.api('POST', `/es/v2/connectors/configure/${id}?accountId=${await brandAId()}`, {
    body: { secretConfig: { host: 'sftp.example.com', port: 2.5, username: 'u', password: 'p' } },
  });
  assert.equal(status, 422);
  assert.match(JSON.stringify(body), /Port must be a whole number/);
  assert.deepEqual(page.errors, []);
});

test('setup: a save is announced once, focus lands on it, and a stored secret shows no counter', async () => {
  const id = await addToBrandA('Acxiom InfoBase');
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await openSetup(page, id, 'Acxiom InfoBase');
  await page.getByLabel('SFTP host').fill('sftp.acxiom.example');
  await page.getByLabel('Username').fill('brand-a');
  await page.getByLabel(/^Password/).fill('Sftp-secret-0123');
  await page.getByText('16 / 256').waitFor();
  await page.getByRole('button', { name: 'Save' }).click();
  const saved = page.getByText('Saved. Acxiom InfoBase is configured.');
  await saved.waitFor();
  assert.equal(await saved.count(), 1, 'the success message is on the page once');
  assert.equal(await page.locator('[aria-live], [role=status], [role=alert]').filter({ hasText: 'is configured' }).count(), 0,
    'no live region repeats it: the notice takes focus instead');
  await page.waitForFunction(() => document.activeElement?.classList.contains('mc-setup__outcome'));
  await page.getByRole('button', { name: 'Replace Password' }).waitFor();
  assert.equal(await page.getByText(/\d+ \/ 256/).count(), 0, 'no character counter for a stored, untouched secret');
  await page.getByRole('button', { name: 'Replace Password' }).click();
  await page.getByText('0 / 256').waitFor();
  await screenshot(page, 'setup-saved');
  assert.deepEqual(page.errors, []);
});

test('setup: leaving with changes asks first (a link, Back, the tab); unchanged or saved, it does not', async () => {
  const id = await addToBrandA('Acxiom InfoBase');
  await suite.server.api('POST', `/es/v2/connectors/configure/${id}?accountId=${await brandAId()}`, {
    body: { secretConfig: { host: 'sftp.acxiom.example', port: 22, username: 'brand-a', password: 'Sftp-secret-0123' } },
  });
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  const nav = page.getByRole('navigation', { name: 'Primary' });
  await page.goto(at('/connectors'));
  await page.getByRole('heading', { level: 1, name: 'My connectors' }).waitFor();

  // Nothing changed: no question.
  await openSetup(page, id, 'Acxiom InfoBase');
  await nav.getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();
  assert.equal(await page.getByRole('dialog').count(), 0);

  // A change, then a link: asked; Stay keeps everything.
  await openSetup(page, id, 'Acxiom InfoBase');
  await page.getByLabel('SFTP host').fill('typed.example');
  await nav.getByRole('link', { name: 'Connections' }).click();
  const dialog = page.getByRole('dialog', { name: 'Leave without saving?' });
  await dialog.waitFor();
  await screenshot(page, 'leave-dialog');
  await dialog.getByRole('button', { name: 'Stay on this page' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.match(page.url(), /\/setup$/);
  assert.equal(await page.getByLabel('SFTP host').inputValue(), 'typed.example');

  // The tab: the browser's own question.
  const asked = new Promise((ok) => page.once('dialog', (d) => { ok(d.type()); d.dismiss(); }));
  await page.close({ runBeforeUnload: true });
  assert.equal(await asked, 'beforeunload');

  // Back: asked; Leave goes back.
  const again = await newPage(suite.browser);
  await signIn(again, suite.server);
  await again.goto(at('/connectors'));
  await again.getByRole('heading', { level: 1, name: 'My connectors' }).waitFor();
  await again.getByRole('link', { name: /^Edit setup Acxiom InfoBase/ }).click();
  await again.getByRole('heading', { level: 1, name: 'Set up Acxiom InfoBase' }).waitFor();
  await again.getByLabel('SFTP host').fill('typed.example');
  await again.goBack();
  const leave = again.getByRole('dialog', { name: 'Leave without saving?' });
  await leave.waitFor();
  assert.match(again.url(), /\/setup$/, 'the address stays on the form while asking');
  await leave.getByRole('button', { name: 'Leave without saving' }).click();
  await again.getByRole('heading', { level: 1, name: 'My connectors' }).waitFor();

  // Saved: no question.
  await again.getByRole('link', { name: /^Edit setup Acxiom InfoBase/ }).click();
  await again.getByLabel('SFTP host').fill('sftp2.acxiom.example'); // the stored password is kept
  await again.getByRole('button', { name: 'Save' }).click();
  await again.getByText('Saved. Acxiom InfoBase is configured.').waitFor();
  await again.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Connections' }).click();
  await again.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();
  assert.equal(await again.getByRole('dialog').count(), 0);
  assert.deepEqual(again.errors, []);
});

test('Back from a form whose field has focus leaves cleanly', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await page.goto(at('/connectors'));
  await page.getByRole('heading', { level: 1, name: 'My connectors' }).waitFor();
  await page.getByRole('link', { name: /^Set up Braze/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Set up Braze' }).waitFor();
  await page.getByLabel('Workspace slug').focus();
  await page.goBack();
  await page.getByRole('heading', { level: 1, name: 'My connectors' }).waitFor();
  await page.getByRole('link', { name: /^Set up Braze/ }).waitFor();
  assert.deepEqual(page.errors, [], 'the field blurred as its page went away, without a panic');
});

test('edit and builder: leaving with changes asks first', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  const id = await connectionId('Snowflake loyalty to Google Customer Match');
  await page.goto(at(`/connections/${id}/edit`));
  await page.getByLabel('Connection name').fill('Snowflake loyalty, renamed');
  await page.getByRole('link', { name: 'Cancel' }).click();
  const dialog = page.getByRole('dialog', { name: 'Leave without saving?' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Leave without saving' }).click();
  await page.getByRole('heading', { level: 1, name: 'Snowflake loyalty to Google Customer Match' }).waitFor();

  await page.goto(at('/connections/new'));
  await page.getByRole('link', { name: 'Choose Salesforce', exact: true }).click();
  await page.getByRole('link', { name: 'Choose Meta Custom Audiences' }).click();
  await page.getByLabel('Connection name').fill('Half-built');
  await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Marketplace' }).click();
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Stay on this page' }).click();
  assert.equal(await page.getByLabel('Connection name').inputValue(), 'Half-built');
  assert.deepEqual(page.errors, []);
});

test('edit: a save that meets an expired session carries on after signing in again, without a panic', async () => {
  // A server whose tokens live 5 s, as `--token-ttl` sets.
  const short = await startServer({ tokenTtl: 5 });
  const page = await newPage(suite.browser);
  try {
  await signIn(page, short);
  const { body: accounts } = await short.api('GET', '/es/v2/accounts');
  const account = accounts.response.find((a) => a.name === 'Brand A').id;
  const { body: list } = await short.api('GET', `/es/v2/connections?accountId=${account}&q=Snapchat&size=5`);
  const id = list.response.find((c) => c.name === 'S3 audiences to Snapchat').id;
  await page.goto(new URL(`connections/${id}/edit`, short.url).href);
  await page.getByLabel('Connection name').fill('S3 audiences to Snapchat, renamed');
  const texts = page.locator('.mc-conn-edit__form input[type=text]:not(#mc-conn-name)');
  const changed = [];
  for (let i = 0; i < (await texts.count()) && changed.length < 2; i++) {
    const input = texts.nth(i);
    if (await input.isEditable()) {
      const value = await input.inputValue();
      await input.fill(`${value || 'x'}2`);
      changed.push(await input.getAttribute('id'));
    }
  }
  assert.equal(changed.length, 2, 'two settings changed');
  // Wait until the server no longer takes the page's token: it has expired.
  const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('mc.session')).accessToken);
  while ((await short.api('GET', '/es/v2/accounts', { token })).status !== 401) await new Promise((r) => setTimeout(r, 250));
  // Saved from the keyboard: the name field keeps focus while the page goes away.
  await page.getByLabel('Connection name').press('Enter');
  const dialog = page.getByRole('dialog', { name: /Session expired/ });
  await dialog.waitFor();
  await dialog.getByLabel('Client ID').fill(short.demo.clientId);
  await dialog.getByLabel('Client secret').fill(short.demo.clientSecret);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'S3 audiences to Snapchat, renamed' }).waitFor();
  await page.getByRole('list', { name: 'Activity, newest first' }).getByText('Edited', { exact: true }).waitFor();
  // Nothing on the page may fail afterwards either: use it.
  await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('table').waitFor();
  // The refused request is logged by the browser itself; nothing else may be.
  assert.deepEqual(page.errors.filter((e) => !/status of 401/.test(e)), []);
  } finally {
    await page.context().close();
    await short.stop();
  }
});
