// Five languages, end to end: every screen renders in German, French, Spanish and Japanese with
// no missing message (src/i18n reports one as a console error, which fails the test), the language
// comes from the browser, the header's menu (kept across reloads) or ?lang=, `<html lang>` follows,
// counts take the language's plural forms, and times are written by Intl in the person's zone.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serverAndBrowser, newPage, expectNoAxeViolations, screenshot } from './harness.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const catalogs = Object.fromEntries(['de', 'fr', 'es', 'ja'].map((l) => [l, JSON.parse(readFileSync(join(root, 'i18n', `${l}.json`), 'utf8'))]));

/** The catalog's text for an English message, placeholders filled; fails on a missing one. */
function tr(lang, english, args = {}) {
  const entry = catalogs[lang][english];
  assert.equal(typeof entry, 'string', `${lang}.json has ${JSON.stringify(english)}`);
  return entry.replace(/\{([a-z_]+)\}/g, (m, k) => (k in args ? String(args[k]) : m));
}

const ctx = serverAndBrowser();
const at = (path) => new URL(path.replace(/^\//, ''), ctx.server.url).href;
const h1 = (page, name) => page.getByRole('heading', { level: 1, name, exact: true }).waitFor();

async function brandA() {
  const accounts = (await ctx.server.api('GET', '/es/v2/accounts')).body.response;
  return accounts.find((a) => a.name === 'Brand A').id;
}
async function connectionId(name) {
  const { body } = await ctx.server.api('GET', `/es/v2/connections?accountId=${await brandA()}&q=${encodeURIComponent(name)}&size=5`);
  return body.response.find((c) => c.name === name).id;
}
async function connectorId(name) {
  const { body } = await ctx.server.api('GET', `/es/v2/connectors/all?accountId=${await brandA()}&q=${encodeURIComponent(name)}&size=5`);
  return body.response.find((c) => c.name === name).connectorId;
}

/** How each language is chosen: the browser's own (de, ja), the header menu (fr), ?lang= (es). */
const ways = [
  { lang: 'de', how: 'the browser language', context: { locale: 'de-DE', timezoneId: 'Europe/Berlin' } },
  { lang: 'fr', how: 'the header menu', context: { locale: 'en-US', timezoneId: 'America/Montreal' } },
  { lang: 'es', how: '?lang=', context: { locale: 'en-GB', timezoneId: 'America/Mexico_City' }, query: '?lang=es' },
  { lang: 'ja', how: 'the browser language', context: { locale: 'ja-JP', timezoneId: 'Asia/Tokyo' } },
];

for (const { lang, how, context, query = '' } of ways) {
  describe(`every screen in ${lang} (chosen by ${how})`, () => {
    let page;
    const T = (english, args) => tr(lang, english, args);
    before(async () => {
      page = await newPage(ctx.browser, { ...context, bypassCSP: true });
    });
    after(async () => {
      assert.deepEqual(page.errors, [], 'no missing message and no error on any screen');
      await page.context().close();
    });

    test('sign-in, in the language from the start', async () => {
      await page.goto(at(`/${query}`));
      if (lang === 'fr') {
        // English first (the browser's), then the menu: the choice survives the reload it makes.
        await page.getByRole('heading', { level: 1, name: 'Sign in to MadConnect Console' }).waitFor();
        await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
        await page.waitForURL(/./);
      }
      await h1(page, T('Sign in to MadConnect Console'));
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      await page.getByLabel(T('Client ID')).fill('demoClientId0001');
      await page.getByLabel(T('Client secret')).fill('demo-secret-for-e2e-tests-0123456');
      await page.getByRole('button', { name: T('Sign in') }).click();
      await page.getByRole('navigation', { name: T('Primary') }).getByRole('link', { name: T('Connections'), exact: true }).waitFor();
    });

    test('marketplace and the primary navigation', async () => {
      await page.goto(at(`/marketplace${query}`));
      await h1(page, T('Marketplace'));
      const nav = page.getByRole('navigation', { name: T('Primary') });
      for (const item of ['Marketplace', 'My connectors', 'Connections']) {
        await nav.getByRole('link', { name: T(item), exact: true }).waitFor();
      }
      await page.getByRole('list', { name: T('Connectors') }).getByRole('listitem').first().waitFor();
      await expectNoAxeViolations(page, `marketplace (${lang})`);
      await screenshot(page, `i18n-marketplace-${lang}`);
    });

    test("a connector's page", async () => {
      const id = await connectorId('LiveRamp Activation');
      await page.goto(at(`/marketplace/${id}${query}`));
      await h1(page, 'LiveRamp Activation');
      await page.getByRole('heading', { name: T('Sources it can receive from') }).waitFor();
    });

    test('my connectors and a setup form', async () => {
      await page.goto(at(`/connectors${query}`));
      await h1(page, T('My connectors'));
      const id = await connectorId('Braze');
      await page.goto(at(`/connectors/${id}/setup${query}`));
      await h1(page, T('Set up {name}', { name: 'Braze' }));
    });

    test('connections, recently deleted, the builder and the compatibility grid', async () => {
      await page.goto(at(`/connections${query}`));
      await h1(page, T('Connections'));
      await page.getByRole('table').waitFor();
      await page.goto(at(`/connections${query ? `${query}&` : '?'}status=deleted`));
      await h1(page, T('Recently deleted connections'));
      await page.goto(at(`/connections/new${query}`));
      await h1(page, T('New connection'));
      await page.getByRole('heading', { name: T('Choose a source') }).waitFor();
      await page.goto(at(`/connections/compatibility${query}`));
      await h1(page, T('What connects to what'));
    });

    test("a connection's page writes times by Intl in the person's time zone; its edit form", async () => {
      const id = await connectionId('Salesforce leads to Meta');
      await page.goto(at(`/connections/${id}${query}`));
      await h1(page, 'Salesforce leads to Meta');
      await page.getByRole('list', { name: T('Activity, newest first') }).waitFor();
      const times = await page.locator('time[datetime]').evaluateAll((els, l) => els.map((el) => ({
        shown: el.textContent,
        title: el.getAttribute('title'),
        intl: new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(el.getAttribute('datetime'))),
      })), lang);
      assert.ok(times.length > 0, 'the page shows times');
      assert.ok(times.some((t) => t.shown === t.intl || t.title === t.intl), `a time reads as Intl writes it in ${lang}: ${JSON.stringify(times[0])}`);
      await page.goto(at(`/connections/${id}/edit${query}`));
      await page.getByLabel(T('Connection name')).waitFor();
      await screenshot(page, `i18n-edit-${lang}`);
    });

    test('an unknown address', async () => {
      await page.goto(at(`/no-such-screen${query}`));
      await h1(page, T('Page not found'));
    });
  });
}

describe('counts take the plural form of the language', () => {
  /** The catalog's form of a counted message for `n`, as Intl.PluralRules picks it. */
  const plural = (lang, english, n, args) => {
    const forms = catalogs[lang][english];
    assert.equal(typeof forms, 'object', `${lang}.json counts ${JSON.stringify(english)}`);
    const form = forms[new Intl.PluralRules(lang).select(n)] ?? forms.other;
    return form.replace(/\{([a-z_]+)\}/g, (m, k) => (k === 'count' ? new Intl.NumberFormat(lang).format(n) : k in args ? args[k] : m));
  };
  for (const lang of ['fr', 'ja']) {
    test(`${lang}: one match and two matches`, async () => {
      const page = await newPage(ctx.browser, { locale: lang });
      try {
        await page.goto(at('/'));
        await page.getByLabel(tr(lang, 'Client ID')).fill('demoClientId0001');
        await page.getByLabel(tr(lang, 'Client secret')).fill('demo-secret-for-e2e-tests-0123456');
        await page.getByRole('button', { name: tr(lang, 'Sign in') }).click();
        const search = page.getByLabel(tr(lang, 'Search connectors'));
        const key = '{count} connectors matching “{query}”';
        // The results count is the page's live status line.
        const count = page.getByRole('status').filter({ hasText: /liveramp|snowflake/i });
        const shows = async (text) => {
          await page.waitForFunction(([t]) => [...document.querySelectorAll('[role=status]')].some((e) => e.textContent.trim() === t), [text], { timeout: 10000 })
            .catch(async () => assert.fail(`expected ${JSON.stringify(text)}, the page says ${JSON.stringify(await count.allTextContents())}`));
        };
        await search.fill('braze');
        await shows(plural(lang, key, 1, { query: 'braze' }));
        await search.fill('snowflake');
        await shows(plural(lang, key, 2, { query: 'snowflake' }));
        assert.deepEqual(page.errors, []);
      } finally {
        await page.context().close();
      }
    });
  }
});

test("errors are told in the person's language, by kind: refused credentials, an unreachable API", async () => {
  const page = await newPage(ctx.browser, { locale: 'de-DE' });
  const T = (english, args) => tr('de', english, args);
  try {
    await page.goto(at('/'));
    await page.getByLabel(T('Client ID')).fill('demoClientId0001');
    await page.getByLabel(T('Client secret')).fill('not-the-secret');
    await page.getByRole('button', { name: T('Sign in') }).click();
    await page.getByText(T('That client ID and secret were not accepted. Check both values and try again.')).waitFor();

    // An API base where nothing listens: the console's own words for a network failure.
    const dead = 'http://127.0.0.1:9';
    await page.getByText(T('Advanced')).click();
    await page.getByLabel(T('API base URL')).fill(dead);
    await page.getByRole('button', { name: T('Sign in') }).click();
    const network = T('Could not reach the MadConnect API at {base}. Check your network connection and that the server is running, then try again.', { base: dead });
    await page.getByText(T('{error} If the API runs elsewhere, set its address under Advanced.', { error: network })).waitFor();
    // The browser itself logs the refused request, and the page's policy (connect-src) blocking
    // the other origin; nothing else may be.
    assert.deepEqual(page.errors.filter((e) => !/Failed to load resource|Content Security Policy/.test(e)), []);
  } finally {
    await page.context().close();
  }
});
