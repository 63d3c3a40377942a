// Transfers and reports, end to end: "Run now" on a connection with live progress and the
// outcome in a notice, in the history and in the daily chart; a failing run and its reason; no
// "Run now" on a disabled connection; the reports screen's date range in the URL and its CSV
// export matching the screen. The server runs batches quickly (--transfer-step-ms 150).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serverAndBrowser, newPage, signIn, screenshot, expectNoAxeViolations } from './harness.mjs';

const suite = serverAndBrowser({ extraArgs: ['--transfer-step-ms', '150'] });

const ACTIVE = 'Salesforce leads to Meta';
const DISABLED = 'Snowflake loyalty to Google Customer Match';

async function openConnection(page, name) {
  await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Connections', exact: true }).click();
  await page.getByRole('table').waitFor();
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

const digits = (s) => Number(String(s).replace(/[^\d]/g, ''));

/** Today's records in the chart's table (the table lists days newest first). */
async function todaysRecords(page) {
  const details = page.locator('details.mc-tchart__details');
  if (!(await details.evaluate((d) => d.open))) await details.getByText('Show as table').click();
  const first = details.getByRole('row').nth(1);
  return digits(await first.getByRole('cell').first().textContent());
}

/** A CSV file's rows (RFC 4180 quoting). */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

test('Run now shows progress, then the outcome in a notice, the history and the chart', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await openConnection(page, ACTIVE);
  await page.getByRole('img', { name: /Records delivered per day, last 30 days/ }).waitFor();
  const before = await todaysRecords(page);

  await page.getByRole('button', { name: /^Run now/ }).click();
  const notice = page.getByText(/^Transfer succeeded: [\d,]+ records? delivered/);
  await notice.waitFor();
  const delivered = digits((await notice.textContent()).split(':')[1].split('record')[0]);
  assert.ok(delivered >= 1000, `a batch delivers records (${delivered})`);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'mc-run-notice', 'focus moves to the notice');

  // Today's bar grows by what the batch delivered.
  await page.waitForFunction(
    ([expected]) => {
      const row = document.querySelectorAll('details.mc-tchart__details tbody tr')[0];
      return row && Number(row.children[1].textContent.replace(/[^\d]/g, '')) === expected;
    },
    [before + delivered],
  );
  await screenshot(page, 'transfers-run-success');

  // The History tab (keyboard: arrow keys move between the tabs) lists it first.
  await page.getByRole('tab', { name: 'Overview' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.getByRole('tab', { name: 'History', selected: true }).waitFor();
  assert.match(page.url(), /\?tab=history$/, 'the tab is in the URL');
  const history = page.getByRole('tabpanel', { name: 'History' });
  const newest = history.getByRole('row').nth(1);
  await newest.getByText('Succeeded').waitFor();
  assert.equal(digits(await newest.getByRole('cell').nth(3).textContent()), delivered);
  assert.ok(await newest.getByRole('button', { name: /^Run again/ }).isEnabled());
  await screenshot(page, 'transfers-history');
  assert.deepEqual(page.errors, []);
});

test('a run with a destination setting the destination refuses fails, with its reason', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await openConnection(page, ACTIVE);
  await page.getByText('Run with different settings').click();
  const dest = page.getByRole('group', { name: 'Destination settings' });
  await dest.getByLabel('Audience name').fill('reject-this-audience');
  await page.getByRole('button', { name: 'Run with these settings' }).click();
  const notice = page.getByText(/^Transfer failed: The destination rejected the batch/);
  await notice.waitFor();
  assert.match(await notice.textContent(), /reject-this-audience/);
  await screenshot(page, 'transfers-run-failure');

  await page.getByRole('tab', { name: 'History' }).click();
  const newest = page.getByRole('tabpanel', { name: 'History' }).getByRole('row').nth(1);
  await newest.getByText('Failed', { exact: true }).waitFor();
  await newest.getByText(/The destination rejected the batch/).waitFor();

  // "Run again" runs it as stored: this one succeeds.
  await newest.getByRole('button', { name: /^Run again/ }).click();
  await page.getByText(/^Transfer succeeded/).waitFor();
  assert.deepEqual(page.errors, []);
});

test('Run now is not offered on a disabled connection, and the page says why', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await openConnection(page, DISABLED);
  const run = page.getByRole('button', { name: /^Run now/ });
  await page.getByText(/Transfers run only on active connections/).waitFor();
  assert.ok(await run.isDisabled());
  assert.match(await run.getAttribute('aria-describedby'), /mc-run-reason/);
});

test('reports: a date range kept in the URL, sorting, and a CSV of exactly the rows on screen', async () => {
  const page = await newPage(suite.browser);
  await signIn(page, suite.server);
  await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Reports' }).click();
  await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
  const table = page.getByRole('table');
  await table.getByRole('rowheader', { name: 'Brand A' }).waitFor();
  await page.getByRole('img', { name: /Records per sub-account/ }).waitFor();

  await page.getByRole('link', { name: 'Per connection' }).click();
  await table.getByRole('rowheader', { name: ACTIVE }).waitFor();
  const allTime = digits(await table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: ACTIVE }) }).getByRole('cell').nth(2).textContent());

  const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('From').fill(day(-14));
  await page.getByLabel('To (inclusive)').fill(day(0));
  await page.waitForURL(/from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/);
  assert.ok(page.url().includes(`from=${day(-14)}`) && page.url().includes(`to=${day(0)}`));
  await page.reload();
  await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
  assert.equal(await page.getByLabel('From').inputValue(), day(-14), 'the range survives a reload');
  assert.equal(await page.getByLabel('To (inclusive)').inputValue(), day(0));
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: ACTIVE }) });
  await row.waitFor();
  const inRange = digits(await row.getByRole('cell').nth(2).textContent());
  assert.ok(inRange < allTime, `two weeks (${inRange}) hold fewer records than all time (${allTime})`);

  // A reversed range is refused on screen, naming the problem.
  await page.getByLabel('From').fill(day(1));
  await page.getByRole('alert').getByText('The end date must not be before the start date.').waitFor();
  await page.getByLabel('From').fill(day(-14));

  // Sort by records, largest first.
  await table.getByRole('button', { name: /^Records/ }).click();
  await page.locator('th[aria-sort="descending"]').getByText('Records').waitFor();
  const shown = await table.evaluate((t) =>
    [...t.querySelectorAll('tr')].map((tr) =>
      [...tr.children].map((c) => c.textContent.replace(/[↕↑↓]/g, '').trim()),
    ),
  );
  const records = shown.slice(1, -1).map((r) => digits(r[3]));
  assert.deepEqual(records, [...records].sort((a, b) => b - a), 'sorted by records, largest first');
  await screenshot(page, 'reports-connections');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Export CSV/ }).click()]);
  assert.match(download.suggestedFilename(), /^madconnect-report-connections-.*\.csv$/);
  const csv = parseCsv(readFileSync(await download.path(), 'utf8'));
  assert.deepEqual(csv, shown, 'the CSV holds the rows on screen, in the same order and columns');
  assert.deepEqual(page.errors, []);
});

for (const colorScheme of ['light', 'dark']) {
  test(`axe finds nothing on the detail (with its history) and the reports, ${colorScheme}`, async () => {
    const page = await newPage(suite.browser, { bypassCSP: true, colorScheme });
    await signIn(page, suite.server);
    await openConnection(page, ACTIVE);
    await page.getByRole('img', { name: /Records delivered per day/ }).waitFor();
    await page.getByText('Run with different settings').click();
    await expectNoAxeViolations(page, `connection detail (${colorScheme})`);
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByRole('tabpanel', { name: 'History' }).getByRole('table').waitFor();
    await expectNoAxeViolations(page, `transfer history (${colorScheme})`);
    await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('table').getByRole('rowheader', { name: 'Brand A' }).waitFor();
    await expectNoAxeViolations(page, `reports (${colorScheme})`);
    await page.setViewportSize({ width: 360, height: 800 });
    await screenshot(page, `reports-360-${colorScheme}`);
  });
}
