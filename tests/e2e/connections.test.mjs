// Connections, end to end, as a person would use them: the builder (only compatible ends offered),
// status actions, edit, delete and restore, a duplicate name, bulk disable and the compatibility grid.
// The seed gives Demo Org / Brand A configured sources and destinations and connections in every status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, signIn, screenshot } from './harness.mjs';

const suite = serverAndBrowser();

const NEW_NAME = 'E2E Salesforce contacts to Meta';

async function openConnections(page) {
  await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Connections', exact: true }).click();
  await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
  await page.getByRole('table').waitFor();
}

/** Steps 1 and 2 of the builder, starting from the list's "New connection". */
async function chooseSalesforceToMeta(page) {
  await openConnections(page);
  await page.getByRole('link', { name: 'New connection' }).click();
  await page.getByRole('heading', { name: 'Choose a source' }).waitFor();
  await page.getByRole('link', { name: 'Choose Salesforce', exact: true }).click();
  await page.getByRole('heading', { name: 'Choose a destination for Salesforce' }).waitFor();
}

/** Step 3: fills every required setting of Salesforce → Meta Custom Audiences. */
async function fillSettings(page, name) {
  await page.getByRole('heading', { name: 'Name it and fill in the settings' }).waitFor();
  await page.getByLabel('Connection name').fill(name);
  await page.getByLabel('Object').selectOption({ label: 'Contacts' });
  await page.getByRole('group', { name: /Fields to sync/ }).getByLabel('Email').check();
  await page.getByLabel('Audience name').fill('Loyal contacts');
  await page.getByLabel('Audience source').selectOption({ label: 'Collected directly from customers' });
  await page.getByRole('group', { name: /Match keys/ }).getByLabel('Phone').check();
}

function row(page, name) {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
}

test('build a connection from a source, then activate, disable, enable, edit, delete and restore it', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await chooseSalesforceToMeta(page);

  // Only destinations compatible with Salesforce are offered: LinkedIn Conversions API is added
  // to Brand A, but it takes events, so it is left out (and the page says why).
  const destinations = page.getByRole('list', { name: 'destinations' });
  await destinations.getByRole('link', { name: 'Choose Meta Custom Audiences' }).waitFor();
  assert.ok(await destinations.getByRole('link', { name: 'Choose Google Ads Customer Match' }).isVisible());
  assert.equal(await destinations.getByText('LinkedIn Conversions API').count(), 0, 'an incompatible destination is not offered');
  await page.getByText(/of your destinations (is|are) not listed because/).waitFor();
  assert.match(page.url(), /\/connections\/new\?source=[A-Za-z0-9]+$/, 'the chosen source is in the URL');
  await screenshot(page, 'connections-builder-destinations');

  await destinations.getByRole('link', { name: 'Choose Meta Custom Audiences' }).click();
  await fillSettings(page, NEW_NAME);
  assert.match(page.url(), /source=[A-Za-z0-9]+&destination=[A-Za-z0-9]+/, 'both ends are in the URL');
  assert.ok(!page.url().includes('Loyal'), 'typed values never reach the URL');
  await screenshot(page, 'connections-builder-settings');
  await page.getByRole('button', { name: 'Continue to review' }).click();

  await page.getByRole('heading', { name: 'Review and create' }).waitFor();
  await page.getByText('Loyal contacts').waitFor();
  await screenshot(page, 'connections-builder-review');
  await page.getByRole('button', { name: 'Create connection' }).click();
  await page.getByRole('heading', { name: `“${NEW_NAME}” is created` }).waitFor();
  await page.getByText('In progress').first().waitFor();

  await page.getByRole('button', { name: 'Activate now' }).click();
  await page.getByText('It is active: data starts moving on its next run.').waitFor();
  await page.getByRole('link', { name: 'View connection' }).click();

  // The detail page: status actions offered by the model's rules only.
  await page.getByRole('heading', { name: NEW_NAME, level: 1 }).waitFor();
  const actions = page.locator('.mc-page-actions');
  await actions.getByRole('button', { name: /^Disable/ }).waitFor();
  assert.equal(await actions.getByRole('button', { name: /^Enable|^Activate/ }).count(), 0, 'an active connection offers Disable only');
  await actions.getByRole('button', { name: /^Disable/ }).click();
  await actions.getByRole('button', { name: /^Enable/ }).waitFor();
  await page.getByText('Disabled', { exact: true }).first().waitFor();
  await actions.getByRole('button', { name: /^Enable/ }).click();
  await actions.getByRole('button', { name: /^Disable/ }).waitFor();

  // Daily volumes as a chart (an image with a name) and the activity timeline.
  await page.getByRole('img', { name: /Records delivered per day/ }).waitFor();
  const timeline = page.getByRole('list', { name: 'Activity, newest first' });
  await timeline.getByText('Enabled').waitFor();
  for (const word of ['Created', 'Activated', 'Disabled']) {
    assert.equal(await timeline.getByText(word, { exact: true }).count(), 1, `${word} is in the timeline`);
  }
  await screenshot(page, 'connections-detail');

  // Edit its name; the ends cannot change and the page says so.
  await actions.getByRole('link', { name: /^Edit/ }).click();
  await page.getByText('The source and destination of a connection cannot change.').waitFor();
  await page.getByRole('link', { name: 'Duplicate as new connection' }).waitFor();
  assert.equal(await page.getByLabel('Audience name').inputValue(), 'Loyal contacts', 'saved settings are prefilled');
  await page.getByLabel('Connection name').fill(`${NEW_NAME} (renamed)`);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('heading', { name: `${NEW_NAME} (renamed)`, level: 1 }).waitFor();
  await timeline.getByText('Edited', { exact: true }).waitFor();

  // Delete behind a confirmation that says it can be restored.
  await actions.getByRole('button', { name: /^Delete/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText(/restore it from Recently deleted for 30 days/).waitFor();
  await dialog.getByRole('button', { name: 'Delete connection' }).click();
  await page.getByText('30 days left to restore').waitFor();

  // Find it in Recently deleted, restore it, and see it back (disabled) in the list.
  await openConnections(page);
  assert.equal(await row(page, `${NEW_NAME} (renamed)`).count(), 0, 'a deleted connection leaves the list');
  await page.getByRole('link', { name: 'Recently deleted' }).click();
  await page.getByRole('heading', { name: 'Recently deleted connections' }).waitFor();
  assert.match(page.url(), /status=deleted/);
  const deleted = row(page, `${NEW_NAME} (renamed)`);
  await deleted.waitFor();
  await deleted.getByText('30 days left to restore').waitFor();
  await row(page, 'HubSpot MQLs to Pinterest').getByText('27 days left to restore').waitFor();
  await screenshot(page, 'connections-recently-deleted');
  await deleted.getByRole('button', { name: /^Restore/ }).click();
  await page.getByText(/is restored/).first().waitFor();
  await deleted.waitFor({ state: 'detached' });
  await page.getByRole('link', { name: 'All connections' }).click();
  const restored = row(page, `${NEW_NAME} (renamed)`);
  await restored.getByText('Disabled', { exact: true }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('a duplicate name is reported on the Name field and every other value stays', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await chooseSalesforceToMeta(page);
  await page.getByRole('list', { name: 'destinations' }).getByRole('link', { name: 'Choose Meta Custom Audiences' }).click();
  await fillSettings(page, 'Salesforce leads to Meta'); // a seeded connection's name
  await page.getByRole('button', { name: 'Continue to review' }).click();
  await page.getByRole('button', { name: 'Create connection' }).click();

  const name = page.getByLabel('Connection name');
  await page.locator('#mc-conn-name-error').filter({ hasText: /already/i }).waitFor();
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  assert.match(await name.getAttribute('aria-describedby'), /mc-conn-name-error/);
  assert.equal(await name.inputValue(), 'Salesforce leads to Meta');
  assert.equal(await page.getByLabel('Audience name').inputValue(), 'Loyal contacts');
  assert.equal(await page.getByLabel('Object').inputValue(), 'Contact');
  assert.ok(await page.getByRole('group', { name: /Fields to sync/ }).getByLabel('Email').isChecked());
  assert.ok(await page.getByRole('group', { name: /Match keys/ }).getByLabel('Phone').isChecked());
  await screenshot(page, 'connections-duplicate-name');

  // Fixing the name creates it.
  await name.fill('Salesforce contacts to Meta, second');
  await page.getByRole('button', { name: 'Continue to review' }).click();
  await page.getByRole('button', { name: 'Create connection' }).click();
  await page.getByRole('heading', { name: '“Salesforce contacts to Meta, second” is created' }).waitFor();
  // The browser logs the refused request itself; nothing else went wrong.
  assert.deepEqual(page.errors.filter((e) => !/status of 409/.test(e)), []);
});

test('bulk-disable three connections and get a report per connection', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await openConnections(page);
  const names = ['Shopify repeat buyers to TikTok', 'Segment purchases to LinkedIn CAPI', 'S3 audiences to Snapchat'];
  for (const n of names) {
    await page.getByLabel(`Select ${n}`, { exact: true }).check();
  }
  await page.getByText('3 connections selected').waitFor();
  await screenshot(page, 'connections-list-selected');
  await page.getByRole('button', { name: 'Disable selected' }).click();
  const report = page.getByRole('region', { name: /3 connections disabled/ });
  await report.waitFor();
  for (const n of names) {
    await report.getByText(n).waitFor();
    await row(page, n).getByText('Disabled', { exact: true }).waitFor();
  }
  assert.equal(await page.getByRole('button', { name: 'Retry failed' }).count(), 0, 'nothing failed, nothing to retry');

  // The server agrees.
  const token = await suite.server.token();
  const accounts = await suite.server.api('GET', '/es/v2/accounts', { token });
  const brandA = accounts.body.response.find((a) => a.name === 'Brand A');
  const list = await suite.server.api('GET', `/es/v2/connections?accountId=${brandA.id}&status=disabled&size=100`, { token });
  for (const n of names) {
    assert.ok(list.body.response.some((c) => c.name === n), `${n} is disabled on the server`);
  }
  await screenshot(page, 'connections-bulk-report');
  assert.deepEqual(page.errors, []);
});

test('a bulk action reports what failed, and "Retry failed" retries only the failures', async () => {
  const token = await suite.server.token();
  const accounts = await suite.server.api('GET', '/es/v2/accounts', { token });
  const account = accounts.body.response.find((a) => a.name === 'Brand A').id;
  const all = await suite.server.api('GET', `/es/v2/connections?accountId=${account}&size=100`, { token });
  const id = (name) => all.body.response.find((c) => c.name === name).id;
  const salesforce = 'Salesforce leads to Meta';
  const snowflake = 'Snowflake loyalty to Google Customer Match';
  await suite.server.api('PUT', `/es/v2/connections/${id(salesforce)}/status/disable?accountId=${account}`, { token });

  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await openConnections(page);
  await page.getByLabel(`Select ${salesforce}`, { exact: true }).check();
  await page.getByLabel(`Select ${snowflake}`, { exact: true }).check();
  // Someone else deletes one of them while it is selected here.
  const del = await suite.server.api('DELETE', `/es/v2/connections/${id(snowflake)}?accountId=${account}`, { token });
  assert.equal(del.status, 200);
  await page.getByRole('button', { name: 'Enable selected' }).click();

  const report = page.getByRole('region', { name: /1 of 2 enabled, 1 failed/ });
  await report.waitFor();
  await report.getByRole('listitem').filter({ hasText: snowflake }).getByText(/^Failed: /).waitFor();
  await report.getByRole('listitem').filter({ hasText: salesforce }).getByText('enabled', { exact: true }).waitFor();
  await screenshot(page, 'connections-bulk-failure');

  // Once it is restored, retrying sends only the failed one.
  await suite.server.api('PUT', `/es/v2/connections/${id(snowflake)}/status/restore?accountId=${account}`, { token });
  const requests = [];
  page.on('request', (r) => { if (/\/status\/enable/.test(r.url())) requests.push(r.url()); });
  await report.getByRole('button', { name: 'Retry failed' }).click();
  await page.getByRole('region', { name: /2 connections enabled/ }).waitFor();
  assert.equal(requests.length, 1, 'only the failure is sent again');
  assert.ok(requests[0].includes(id(snowflake)));
  await row(page, snowflake).getByText('Active', { exact: true }).waitFor();
  assert.deepEqual(page.errors.filter((e) => !/status of 4\d\d/.test(e)), []);
});

test('the list filters by status in the URL, and the compatibility grid starts the builder with both ends', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await openConnections(page);
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'In progress' });
  await page.waitForURL(/status=In-progress/);
  await row(page, 'S3 nightly audiences to The Trade Desk').waitFor();
  await page.reload();
  await row(page, 'S3 nightly audiences to The Trade Desk').getByRole('button', { name: /^Activate/ }).waitFor();
  assert.equal(await page.getByLabel('Status', { exact: true }).inputValue(), 'In-progress', 'the filter survives a reload');

  await page.getByRole('link', { name: 'Compatibility' }).click();
  await page.getByRole('heading', { name: 'What connects to what' }).waitFor();
  const grid = page.getByRole('table');
  await grid.getByRole('columnheader', { name: /Meta Custom Audiences/ }).waitFor();
  await grid.getByRole('rowheader', { name: /Salesforce/ }).waitFor();
  await grid.getByText('Salesforce cannot send to LinkedIn Conversions API').waitFor();
  await screenshot(page, 'connections-compatibility');
  await grid.getByRole('link', { name: 'Connect Salesforce to Meta Custom Audiences' }).click();
  await page.getByRole('heading', { name: 'Name it and fill in the settings' }).waitFor();
  assert.match(page.url(), /\/connections\/new\?source=[A-Za-z0-9]+&destination=[A-Za-z0-9]+$/);
  await page.getByRole('group', { name: 'Source settings: Salesforce' }).waitFor();
  await page.getByRole('group', { name: 'Destination settings: Meta Custom Audiences' }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('"Duplicate as new connection" opens the builder with the name and settings prefilled', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await openConnections(page);
  const name = 'S3 nightly audiences to The Trade Desk';
  await row(page, name).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Duplicate as new connection' }).click();
  await page.getByRole('heading', { name: 'Name it and fill in the settings' }).waitFor();
  assert.match(page.url(), /source=[A-Za-z0-9]+&destination=[A-Za-z0-9]+&from=[A-Za-z0-9]+$/);
  const copy = page.getByLabel('Connection name');
  await page.waitForFunction(() => document.getElementById('mc-conn-name')?.value !== '');
  assert.equal(await copy.inputValue(), `Copy of ${name}`);
  assert.match(await page.getByLabel('Bucket URI').inputValue(), /^s3:\/\//, 'the source settings are copied');
  assert.deepEqual(page.errors, []);
});

test('narrow screens: the table scrolls inside its container and the builder stacks', async () => {
  const page = await newPage(suite.browser, { viewport: { width: 360, height: 780 } });
  await signIn(page, suite.server);
  await page.goto(`${suite.server.url}connections`);
  await page.getByRole('table').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page itself does not scroll sideways (${overflow}px)`);
  await screenshot(page, 'connections-list-360');
  await page.goto(`${suite.server.url}connections/new`);
  await page.getByRole('heading', { name: 'Choose a source' }).waitFor();
  await screenshot(page, 'connections-builder-360');
  const overflow2 = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow2 <= 1, `the builder does not scroll sideways (${overflow2}px)`);
});

test('in Recently deleted, several connections can be restored at once', async () => {
  const token = await suite.server.token();
  const accounts = await suite.server.api('GET', '/es/v2/accounts', { token });
  const account = accounts.body.response.find((a) => a.name === 'Brand A').id;
  const live = await suite.server.api('GET', `/es/v2/connections?accountId=${account}&size=100`, { token });
  const names = ['S3 nightly audiences to The Trade Desk', 'Segment purchases to LinkedIn CAPI'];
  for (const n of names) {
    const c = live.body.response.find((x) => x.name === n);
    assert.ok(c, `${n} exists before it is deleted`);
    assert.equal((await suite.server.api('DELETE', `/es/v2/connections/${c.id}?accountId=${account}`, { token })).status, 200);
  }

  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await page.goto(new URL('connections?status=deleted', suite.server.url).href);
  for (const n of names) {
    await page.getByLabel(`Select ${n}`, { exact: true }).check();
  }
  assert.equal(await page.getByRole('button', { name: 'Disable selected' }).count(), 0, 'only restore applies to deleted connections');
  await page.getByRole('button', { name: 'Restore selected' }).click();
  await page.getByRole('region', { name: /2 connections restored/ }).waitFor();

  const disabled = await suite.server.api('GET', `/es/v2/connections?accountId=${account}&status=disabled&size=100`, { token });
  for (const n of names) {
    assert.ok(disabled.body.response.some((c) => c.name === n), `${n} is back, disabled`);
  }
  assert.deepEqual(page.errors, []);
});

test('a reload at the settings or review step keeps what was typed; Cancel forgets it', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await chooseSalesforceToMeta(page);
  await page.getByRole('list', { name: 'destinations' }).getByRole('link', { name: 'Choose Meta Custom Audiences' }).click();
  await fillSettings(page, 'Kept across a reload');
  const settingsUrl = page.url();

  await page.reload();
  await page.getByRole('heading', { name: 'Name it and fill in the settings' }).waitFor();
  assert.equal(await page.getByLabel('Connection name').inputValue(), 'Kept across a reload');
  assert.equal(await page.getByLabel('Audience name').inputValue(), 'Loyal contacts');
  assert.ok(await page.getByRole('group', { name: /Match keys/ }).getByLabel('Phone').isChecked(), 'a checked choice is kept');
  assert.ok(!page.url().includes('Kept'), 'the name never reaches the URL');

  await page.getByRole('button', { name: 'Continue to review' }).click();
  await page.getByRole('heading', { name: 'Review and create' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Review and create' }).waitFor();
  await page.getByText('Kept across a reload').waitFor();
  await page.getByText('Loyal contacts').waitFor();

  await page.getByRole('link', { name: 'Back to settings' }).click();
  await page.getByRole('link', { name: 'Cancel' }).click();
  await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
  await page.goto(settingsUrl);
  await page.getByRole('heading', { name: 'Name it and fill in the settings' }).waitFor();
  assert.equal(await page.getByLabel('Connection name').inputValue(), '', 'Cancel drops the draft');
  assert.equal(await page.getByLabel('Audience name').inputValue(), '');
  assert.deepEqual(page.errors, []);
});
