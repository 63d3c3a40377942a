// Connection flows around the edges, end to end: an action refused because the connection
// changed elsewhere, a compatible pair whose destination still needs setup, the builder started
// from a destination, which link is the current one, and what a bulk delete names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, signIn, screenshot } from './harness.mjs';

const suite = serverAndBrowser();

let brandA;
async function brandAId() {
  brandA ??= (await suite.server.api('GET', '/es/v2/accounts')).body.response.find((a) => a.name === 'Brand A').id;
  return brandA;
}

async function connectionId(name) {
  const { body } = await suite.server.api('GET', `/es/v2/connections?accountId=${await brandAId()}&q=${encodeURIComponent(name)}&size=5`);
  return body.response.find((c) => c.name === name).id;
}

const at = (path) => new URL(path.replace(/^\//, ''), suite.server.url).href;
const row = (page, name) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });

async function openConnections(page) {
  await page.goto(at('/connections'));
  await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();
  await page.getByRole('table').waitFor();
}

test('an action refused because the connection changed elsewhere shows its current status, not the old one', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await openConnections(page);
  const name = 'S3 audiences to Snapchat';
  const r = row(page, name);
  await r.getByText('Active', { exact: true }).waitFor();
  // Someone else disables it meanwhile.
  const id = await connectionId(name);
  const { status } = await suite.server.api('PUT', `/es/v2/connections/${id}/status/disable?accountId=${await brandAId()}`);
  assert.equal(status, 200);
  await r.getByRole('button', { name: /^Disable/ }).click();
  await page.getByText(/changed elsewhere and is now Disabled/).waitFor();
  await r.getByText('Disabled', { exact: true }).waitFor();
  await r.getByRole('button', { name: /^Enable/ }).waitFor();
  assert.equal(await r.getByText('Active', { exact: true }).count(), 0, 'the row does not roll back to Active');
  // The refusal is an error notice the person reads, not a page failure.
  assert.deepEqual(page.errors.filter((e) => !/409/.test(e)), []);
});

test('a compatible pair whose destination needs setup goes through its setup, then on to the settings', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await page.goto(at('/connections/compatibility'));
  const grid = page.getByRole('table');
  await grid.getByRole('columnheader', { name: /Braze/ }).waitFor();
  await grid.getByRole('link', { name: 'Connect Salesforce to Braze (set up Braze first)' }).click();
  await page.getByRole('heading', { level: 1, name: 'Set up Braze' }).waitFor();
  assert.match(decodeURIComponent(page.url()), /return=\/connections\/new\?source=\w+&destination=\w+/);
  for (const input of await page.locator('.mc-setup__form input[aria-required=true]').all()) {
    await input.fill(await input.getAttribute('type') === 'url' ? 'https://rest.iad-01.braze.com' : 'braze-value-0123456789');
  }
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('link', { name: 'Back to the connection' }).click();
  await page.getByRole('heading', { name: 'Name it and fill in the settings' }).waitFor();
  await page.getByRole('group', { name: 'Destination settings: Braze' }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('the builder can start from a destination, and only the current choice is marked current', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await page.goto(at('/connections/new'));
  await page.getByRole('heading', { name: 'Choose a source' }).waitFor();
  const chooseLinks = page.getByRole('link', { name: /^Choose / });
  await chooseLinks.first().waitFor();
  const marked = await chooseLinks.evaluateAll((links) => links.filter((a) => a.hasAttribute('aria-current')).length);
  assert.equal(marked, 0, 'no "Choose" link claims to be the current page');

  await page.getByText('Start from a destination').click();
  await page.getByRole('link', { name: 'Start from Meta Custom Audiences' }).click();
  await page.getByRole('heading', { name: 'Choose a source that can send to Meta Custom Audiences' }).waitFor();
  assert.match(page.url(), /\/connections\/new\?destination=\w+$/);
  await page.getByRole('list', { name: 'sources' }).getByRole('link', { name: 'Choose Salesforce', exact: true }).click();
  await page.getByRole('heading', { name: 'Name it and fill in the settings' }).waitFor();
  await screenshot(page, 'builder-from-destination');
  assert.deepEqual(page.errors, []);
});

test('the bulk delete confirmation names the connections it deletes', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await openConnections(page);
  const names = ['Salesforce leads to Meta', 'Snowflake loyalty to Google Customer Match'];
  for (const name of names) await row(page, name).getByRole('checkbox').check();
  await page.getByRole('button', { name: /^Delete/ }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Delete 2 connections?' });
  const list = dialog.getByRole('list', { name: 'Connections to delete' });
  await list.waitFor();
  assert.deepEqual((await list.getByRole('listitem').allTextContents()).sort(), [...names].sort());
  await screenshot(page, 'bulk-delete-names');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  assert.deepEqual(page.errors, []);
});
