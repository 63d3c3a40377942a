// The marketplace, My connectors and connector setup, driven as a person would: by role and label,
// against the real server serving the built console.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, signIn, screenshot } from './harness.mjs';

const suite = serverAndBrowser();

const grid = (page) => page.getByRole('list', { name: 'Connectors' });
const cards = (page) => grid(page).getByRole('listitem');

/** The visible cards' text, once the grid has settled on `expected` cards (or any when omitted). */
async function cardTexts(page) {
  await grid(page).waitFor();
  return cards(page).allInnerTexts();
}

async function signedIn(viewport) {
  const page = await newPage(suite.browser, viewport ? { viewport } : undefined);
  await signIn(page, suite.server);
  await grid(page).waitFor();
  return page;
}

test('filtering by platform type and by data type category shows only matching cards, in the URL', async () => {
  const page = await signedIn();
  await screenshot(page, 'marketplace-1280');

  const platforms = page.getByRole('group', { name: 'Platform type' });
  const categories = page.getByRole('group', { name: 'Data type category' });
  await platforms.getByRole('checkbox', { name: /^Cloud Storage Provider/ }).check();
  await page.waitForURL(/platformType=Cloud%20Storage%20Provider/);
  await page.getByRole('status').filter({ hasText: /^\d+ connectors?/ }).first().waitFor();
  let texts = await cardTexts(page);
  assert.ok(texts.length >= 4, `cloud storage connectors shown: ${texts.length}`);
  for (const t of texts) assert.match(t, /Cloud Storage Provider/, t);
  assert.ok(texts.some((t) => t.includes('Amazon S3')));

  // A second facet narrows further; the first stays checked.
  await page.getByRole('radio', { name: /^Destination \d/ }).check();
  await page.waitForURL(/supportedType=Destination/);
  texts = await cardTexts(page);
  for (const t of texts) {
    assert.match(t, /Cloud Storage Provider/);
    assert.match(t, /Destination/);
  }
  assert.ok(!texts.some((t) => /\bAmazon S3\n/.test(t)), 'the S3 source is filtered out');

  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await page.waitForURL((u) => !u.search.includes('platformType'));
  await categories.getByRole('checkbox', { name: /^identity management/ }).check();
  await page.waitForURL(/dataTypeCategory=identity%20management/);
  texts = await cardTexts(page);
  assert.ok(texts.length >= 3);
  for (const t of texts) assert.match(t, /identity management/i, t);
  assert.deepEqual(page.errors, []);
});

test('search is debounced into the URL, and a reloaded filtered URL shows the same view', async () => {
  const page = await signedIn();
  await page.getByLabel('Search connectors').fill('snowflake');
  await page.waitForURL(/q=snowflake/);
  const names = async () => (await cardTexts(page)).map((t) => t.split('\n')[0].trim());
  await page.getByRole('status').filter({ hasText: '2 connectors matching' }).waitFor();
  assert.deepEqual((await names()).sort(), ['Snowflake', 'Snowflake Data Share']);

  const filtered = `${suite.server.url}marketplace?platformType=CRM%20Platform&supportedType=Source`;
  await page.goto(filtered);
  await grid(page).waitFor();
  const before = await names();
  assert.ok(before.includes('Salesforce') && before.includes('HubSpot'), before.join(', '));
  assert.ok(!before.includes('HubSpot Lists'), 'a destination is not listed');
  await page.reload();
  await grid(page).waitFor();
  assert.deepEqual(await names(), before, 'reload shows the same cards');
  assert.ok(await page.getByRole('group', { name: 'Platform type' }).getByRole('checkbox', { name: /^CRM Platform/ }).isChecked());
  assert.ok(await page.getByRole('radio', { name: /^Source \d/ }).isChecked());

  // Back returns to the search.
  await page.goBack();
  await page.waitForURL(/q=snowflake/);
  await page.getByRole('status').filter({ hasText: '2 connectors matching' }).waitFor();
  assert.equal(await page.getByLabel('Search connectors').inputValue(), 'snowflake');

  // Nothing matches: the page says so and offers to clear.
  await page.getByLabel('Search connectors').fill('no-such-platform-anywhere');
  await page.getByRole('heading', { name: 'No connectors match' }).waitFor();
  await page.getByRole('main').getByRole('button', { name: 'Clear filters' }).last().click();
  await page.waitForURL((u) => u.search === '');
  assert.ok((await cards(page).count()) > 0);
  assert.deepEqual(page.errors, []);
});

test('two selected connectors are added in one request and flip to Added', async () => {
  const page = await signedIn();
  await page.getByLabel('Search connectors').fill('tiktok');
  await page.getByRole('status').filter({ hasText: 'matching' }).waitFor();
  const requests = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/es/v2/connectors?')) requests.push(r.postData()); });
  await page.getByRole('checkbox', { name: 'Select TikTok Events API' }).check();
  await page.getByRole('checkbox', { name: 'Select TikTok Ads Reporting' }).check();
  await page.getByRole('region', { name: 'Selected connectors' }).getByText('2 selected').waitFor();
  await screenshot(page, 'marketplace-selection');
  await page.getByRole('button', { name: 'Add 2 connectors' }).click();
  await page.getByText(/Added TikTok (Events API|Ads Reporting) and TikTok/).waitFor();
  assert.equal(requests.length, 1, 'one request for both');
  assert.deepEqual(JSON.parse(requests[0]).connectorIds.length, 2);
  for (const name of ['TikTok Events API', 'TikTok Ads Reporting']) {
    const card = cards(page).filter({ has: page.getByRole('heading', { name, exact: true }) });
    await card.getByText(/^\W*Added$/).waitFor();
    await card.getByRole('link', { name: `Set up ${name}` }).waitFor();
  }
  assert.equal(await page.getByRole('region', { name: 'Selected connectors' }).count(), 0, 'selection cleared');
  assert.deepEqual(page.errors, []);
});

test('setup form: invalid values get field errors, valid ones configure, and no secret comes back', async () => {
  const page = await signedIn();
  // Find it, open its page, add it, and go to its setup from there.
  await page.getByLabel('Search connectors').fill('liveramp activation');
  await page.waitForURL(/q=liveramp/);
  await page.getByRole('link', { name: 'LiveRamp Activation', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'LiveRamp Activation' }).waitFor();
  await page.getByRole('heading', { name: 'Sources it can receive from' }).waitFor();
  await page.getByRole('link', { name: 'Use in a connection' }).waitFor();
  await screenshot(page, 'connector-detail-1280');
  await page.getByRole('button', { name: 'Add to this sub-account' }).click();
  await page.getByRole('link', { name: 'Set up', exact: true }).click();
  await page.getByRole('heading', { name: 'Set up LiveRamp Activation' }).waitFor();
  await page.getByText('Needs setup').first().waitFor();

  await page.getByLabel('SFTP host').fill('sftp.liveramp.com');
  await page.getByLabel('Port').fill('70000');
  await page.getByLabel('Username').fill('brand-a');
  await page.getByLabel('Account manager email').fill('not-an-email');
  await page.getByLabel('Account manager email').blur();
  await page.getByText('Account manager email must be an email address like name@example.com').waitFor();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Port must be at most 65535').waitFor();
  await page.getByText('Password is required').waitFor();
  assert.equal(await page.getByLabel('Port').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'port', 'first invalid field focused');
  await screenshot(page, 'setup-errors-1280');

  await page.getByLabel('Port').fill('22');
  await page.getByLabel('Account manager email').fill('am@liveramp.example');
  const secret = 'Sftp-Pa55word-that-must-never-show';
  await page.getByLabel(/^Password/).fill(secret);
  await page.getByRole('button', { name: 'Show Password' }).click();
  assert.equal(await page.getByLabel(/^Password/).getAttribute('type'), 'text', 'the owner can reveal what they type');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved. LiveRamp Activation is configured.').first().waitFor();
  await page.getByText(/Configured\s*updated/).waitFor();

  await page.reload();
  await page.getByRole('heading', { name: 'Set up LiveRamp Activation' }).waitFor();
  await page.getByText(/updated \d/).waitFor();
  await page.getByRole('button', { name: 'Replace Password' }).waitFor();
  const html = await page.content();
  assert.ok(!html.includes(secret), 'the secret is nowhere in the page');
  const values = await page.$$eval('input, textarea, select', (els) => els.map((e) => e.value));
  assert.ok(!values.some((v) => v.includes(secret)), 'no input holds the secret');
  assert.equal(await page.getByLabel('SFTP host').inputValue(), 'sftp.liveramp.com', 'non-secret values come back');
  const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }) + location.href);
  assert.ok(!stored.includes(secret));
  assert.deepEqual(page.errors, []);
});

test('removing a connector in use names its connections; an unused one is removed', async () => {
  const page = await signedIn();
  await page.getByRole('link', { name: 'My connectors' }).click();
  await page.getByRole('heading', { level: 1, name: 'My connectors' }).waitFor();
  await page.getByRole('list', { name: 'My connectors' }).waitFor();
  await screenshot(page, 'my-connectors-1280');
  let deletes = 0;
  page.on('request', (r) => { if (r.method() === 'DELETE') deletes += 1; });

  await page.getByRole('button', { name: 'Remove Salesforce', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Salesforce is in use' });
  await dialog.waitFor();
  await dialog.getByRole('link', { name: 'Salesforce leads to Meta' }).waitFor();
  assert.equal(await dialog.getByRole('button', { name: /Remove/ }).count(), 0, 'no doomed Remove button');
  await screenshot(page, 'remove-in-use');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(deletes, 0, 'no request was sent');

  await page.getByRole('button', { name: 'Remove Braze', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove Braze?' });
  await confirm.getByRole('button', { name: 'Remove connector' }).click();
  await page.getByText('Removed Braze from this sub-account.').waitFor();
  await page.getByRole('button', { name: 'Remove Braze', exact: true }).waitFor({ state: 'detached' });
  assert.equal(deletes, 1);
  assert.deepEqual(page.errors, []);
});

test('narrow screens: filters fold away and the grid is one column at 360px', async () => {
  const page = await signedIn({ width: 360, height: 780 });
  const toggle = page.getByRole('button', { name: /^Filters/ });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.ok(!(await page.getByRole('checkbox', { name: /^CRM Platform/ }).isVisible()));
  await screenshot(page, 'marketplace-360');
  await toggle.click();
  await page.getByRole('checkbox', { name: /^CRM Platform/ }).check();
  await page.waitForURL(/platformType=CRM/);
  await screenshot(page, 'marketplace-360-filters');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px too wide)`);
  await page.goto(`${suite.server.url}connectors`);
  await page.getByRole('list', { name: 'My connectors' }).waitFor();
  await screenshot(page, 'my-connectors-360');
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)) <= 0);
  assert.deepEqual(page.errors, []);
});
