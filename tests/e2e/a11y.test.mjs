// Accessibility, end to end: axe-core (WCAG 2.0, 2.1 and 2.2, A and AA) finds nothing on every
// screen, in light and in dark, dialogs and error states included; and the main journey works
// with the keyboard alone, focus landing where the work is at every step.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, signIn, demo, expectNoAxeViolations, tabTo, expectFocus, screenshot } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const at = (path) => new URL(path.replace(/^\//, ''), server.url).href;
const h1 = (page, name) => page.getByRole('heading', { level: 1, name }).waitFor();

/** A connection of the seed by name, for its detail and edit pages. */
async function connectionId(name) {
  const accounts = (await server.api('GET', '/es/v2/accounts')).body.response;
  const brandA = accounts.find((a) => a.name === 'Brand A').id;
  const { body } = await server.api('GET', `/es/v2/connections?accountId=${brandA}&q=${encodeURIComponent(name)}&size=5`);
  return body.response.find((c) => c.name === name).id;
}

for (const scheme of ['light', 'dark']) {
  describe(`every screen has no axe violations (${scheme})`, () => {
    let page;
    before(async () => {
      page = await newPage(browser, { colorScheme: scheme, bypassCSP: true });
    });
    after(async () => {
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });
    const check = (label) => expectNoAxeViolations(page, `${label} (${scheme})`);

    test('sign-in, and its error state', async () => {
      await page.goto(server.url);
      await page.getByLabel('Client ID').waitFor();
      await check('sign-in');
      await page.getByLabel('Client ID').fill(demo.clientId);
      await page.getByLabel('Client secret').fill('not-the-secret');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('That client ID and secret were not accepted').waitFor();
      page.errors.length = 0; // the refused sign-in is logged by the browser as a failed request
      await check('sign-in error');
    });

    test('marketplace', async () => {
      await signIn(page, server);
      await page.getByRole('list', { name: 'Connectors' }).getByRole('listitem').first().waitFor();
      await check('marketplace');
      await page.getByRole('checkbox', { name: /^Select/ }).first().check();
      await page.getByRole('region', { name: 'Selected connectors' }).waitFor();
      await check('marketplace with a selection');
    });

    test("a connector's page", async () => {
      await page.goto(at('/marketplace'));
      await page.getByLabel('Search connectors').fill('liveramp activation');
      await page.getByRole('link', { name: 'LiveRamp Activation', exact: true }).click();
      await h1(page, 'LiveRamp Activation');
      await page.getByRole('heading', { name: 'Sources it can receive from' }).waitFor();
      await check("connector's page");
    });

    test('my connectors, and the remove dialogs', async () => {
      await page.goto(at('/connectors'));
      await h1(page, 'My connectors');
      await page.getByRole('list', { name: 'My connectors' }).waitFor();
      await check('my connectors');
      await page.getByRole('button', { name: 'Remove Salesforce', exact: true }).click();
      await page.getByRole('dialog', { name: 'Salesforce is in use' }).getByRole('link').first().waitFor();
      await check('remove dialog, connector in use');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Remove Braze', exact: true }).click();
      await page.getByRole('dialog', { name: 'Remove Braze?' }).waitFor();
      await check('remove dialog');
      await page.keyboard.press('Escape');
    });

    test('connector setup, with errors', async () => {
      await page.goto(at('/connectors'));
      await page.getByRole('link', { name: /^Set up Braze/ }).click();
      await h1(page, 'Set up Braze');
      await check('setup');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText(/fields? needs? attention/).waitFor();
      await check('setup with errors');
    });

    test('connections, the bulk delete dialog, and recently deleted', async () => {
      await page.goto(at('/connections'));
      await h1(page, 'Connections');
      await page.getByRole('table').waitFor();
      await check('connections');
      await page.getByRole('checkbox', { name: /^Select / }).nth(0).check();
      await page.getByRole('checkbox', { name: /^Select / }).nth(1).check();
      await page.getByRole('button', { name: /^Delete/ }).first().click();
      await page.getByRole('dialog').waitFor();
      await check('bulk delete dialog');
      await page.keyboard.press('Escape');
      await page.getByRole('link', { name: 'Recently deleted' }).click();
      await h1(page, 'Recently deleted connections');
      await page.getByRole('table').waitFor();
      await check('recently deleted');
    });

    test("a connection's page and its edit form", async () => {
      const id = await connectionId('Salesforce leads to Meta');
      await page.goto(at(`/connections/${id}`));
      await h1(page, 'Salesforce leads to Meta');
      await page.getByRole('list', { name: 'Activity, newest first' }).waitFor();
      await page.getByRole('img', { name: /Records delivered per day/ }).waitFor();
      await check('connection detail');
      await page.goto(at(`/connections/${id}/edit`));
      await page.getByLabel('Connection name').waitFor();
      await check('connection edit');
      await page.goto(at('/connections/NoSuchConnection0'));
      await page.getByRole('heading', { name: 'Connection not found' }).waitFor();
      page.errors.length = 0; // the browser logs the 404 it was answered
      await check('connection not found');
    });

    test("the builder's four steps", async () => {
      await page.goto(at('/connections/new'));
      await page.getByRole('heading', { name: 'Choose a source' }).waitFor();
      await page.getByRole('list', { name: 'sources' }).waitFor();
      await check('builder: source');
      await page.getByRole('link', { name: 'Choose Salesforce', exact: true }).click();
      await page.getByRole('list', { name: 'destinations' }).waitFor();
      await check('builder: destination');
      await page.getByRole('link', { name: 'Choose Meta Custom Audiences' }).click();
      await page.getByRole('heading', { name: 'Name it and fill in the settings' }).waitFor();
      await check('builder: settings');
      await page.getByRole('button', { name: 'Continue to review' }).click();
      await page.getByText('Connection name is required').first().waitFor();
      await check('builder: settings with errors');
      await page.getByLabel('Connection name').fill(`A11y ${scheme}`);
      await page.getByLabel('Object').selectOption({ label: 'Contacts' });
      await page.getByRole('group', { name: /Fields to sync/ }).getByLabel('Email').check();
      await page.getByLabel('Audience name').fill('Loyal contacts');
      await page.getByLabel('Audience source').selectOption({ label: 'Collected directly from customers' });
      await page.getByRole('group', { name: /Match keys/ }).getByLabel('Phone').check();
      await page.getByRole('button', { name: 'Continue to review' }).click();
      await page.getByRole('heading', { name: 'Review and create' }).waitFor();
      await check('builder: review');
      // Leaving with changes asks first: that dialog too.
      await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Marketplace' }).click();
      await page.getByRole('dialog', { name: 'Leave without saving?' }).waitFor();
      await check('leave dialog');
      await page.getByRole('button', { name: 'Stay on this page' }).click();
    });

    test('compatibility grid and the not-found page', async () => {
      await page.goto(at('/connections/compatibility'));
      await page.getByRole('table').waitFor();
      await check('compatibility');
      await page.goto(at('/no-such-page'));
      await page.getByRole('heading', { level: 1 }).waitFor();
      await check('not found');
    });
  });
}

test('the focus ring on a button is solid, not a faint halo', async () => {
  const page = await newPage(browser);
  await signIn(page, server);
  await page.getByRole('link', { name: 'Connections', exact: true }).first().focus();
  await tabTo(page, 'button', 'Sign out', 5);
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).boxShadow);
  assert.doesNotMatch(ring, /rgba\([^)]*0\.3\d*\)/, `the ring is opaque: ${ring}`);
  assert.notEqual(ring, 'none');
  assert.deepEqual(page.errors, []);
});

test('keyboard only: sign in, add a connector, set it up, build a connection, disable, delete and restore it', async () => {
  const page = await newPage(browser);
  const typeInto = async (label, text) => {
    await tabTo(page, 'label', label);
    await page.keyboard.type(text);
  };
  await page.goto(server.url);
  await page.getByLabel('Client ID').waitFor();

  // Sign in.
  await typeInto('Client ID', demo.clientId);
  await typeInto(/^Client secret/, demo.clientSecret);
  await page.keyboard.press('Enter');
  await page.getByRole('list', { name: 'Connectors' }).getByRole('listitem').first().waitFor();

  // Marketplace: find Acxiom InfoBase by search, add it.
  await typeInto('Search connectors', 'Acxiom');
  await page.waitForURL(/q=Acxiom/);
  await tabTo(page, 'button', 'Add Acxiom InfoBase');
  await page.keyboard.press('Enter');
  await page.getByText(/Added Acxiom InfoBase/).waitFor();
  // The Add button is gone: focus is on the card's Set up, not on <body>.
  await page.waitForFunction(() => document.activeElement?.dataset.setupFor !== undefined);
  await expectFocus(page, 'link', 'Set up Acxiom InfoBase');

  // Set it up: focus starts on the page's heading.
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Set up Acxiom InfoBase' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  await expectFocus(page, 'heading', 'Set up Acxiom InfoBase');
  await typeInto('SFTP host', 'sftp.acxiom.example');
  await typeInto('Username', 'brand-a');
  await tabTo(page, 'label', /^Password/);
  await page.keyboard.type('Sftp-secret-0123');
  await tabTo(page, 'button', 'Save');
  await page.keyboard.press('Enter');
  await page.getByText('Saved. Acxiom InfoBase is configured.').waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('mc-setup__outcome'));

  // Build a connection from the Connections screen.
  await tabTo(page, 'link', 'Connections', 60, { back: true });
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  await tabTo(page, 'link', 'New connection');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Choose a source' }).waitFor();
  await tabTo(page, 'link', 'Choose Salesforce');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Choose a destination for Salesforce' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'mc-builder-step-title');
  // From the step's heading, the first destination card is a few Tabs away, not thirteen.
  await tabTo(page, 'link', 'Choose Meta Custom Audiences', 4);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Name it and fill in the settings' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'mc-builder-details-title');
  await typeInto('Connection name', 'Keyboard journey');
  await tabTo(page, 'combobox', 'Object');
  await page.keyboard.press('ArrowDown');
  await tabTo(page, 'checkbox', 'Email');
  await page.keyboard.press('Space');
  await typeInto('Audience name', 'Keyboard people');
  await tabTo(page, 'combobox', 'Audience source');
  await page.keyboard.press('ArrowDown');
  await tabTo(page, 'checkbox', 'Phone');
  await page.keyboard.press('Space');
  await tabTo(page, 'button', 'Continue to review');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Review and create' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'mc-review-title');
  await tabTo(page, 'button', 'Create connection');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: '“Keyboard journey” is created' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'mc-created-title');
  await tabTo(page, 'button', 'Activate now');
  await page.keyboard.press('Enter');
  await page.getByText('It is active: data starts moving on its next run.').waitFor();

  // Activated: focus is back on the heading, and the way on is the next stop.
  await page.waitForFunction(() => document.activeElement?.id === 'mc-created-title');
  await tabTo(page, 'link', 'View connection', 2);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Keyboard journey' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  await tabTo(page, 'button', /^Disable/);
  await page.keyboard.press('Enter');
  await page.locator('.mc-page-actions').getByRole('button', { name: /^Enable/ }).waitFor();

  // Delete it.
  await tabTo(page, 'button', /^Delete/);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await tabTo(page, 'button', 'Delete connection');
  await page.keyboard.press('Enter');
  await page.getByText('30 days left to restore').waitFor();

  // Restore it from Recently deleted.
  await tabTo(page, 'link', 'Connections', 60, { back: true });
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();
  await tabTo(page, 'link', 'Recently deleted');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Recently deleted connections' }).waitFor();
  await tabTo(page, 'button', /^Restore Keyboard journey/);
  await page.keyboard.press('Enter');
  await page.getByText(/“Keyboard journey” is restored/).waitFor();
  // Its row left this view with the button that had focus: focus is on the page's heading.
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  await screenshot(page, 'keyboard-journey-restored');
  assert.deepEqual(page.errors, []);
});
