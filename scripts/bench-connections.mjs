#!/usr/bin/env node
// Benchmark (a script, not a test): the connection list against a sub-account with 10,000
// connections. Prints the first-page render time and the median time from a status-filter change
// to the updated table, measured inside headless Chromium.
//
//   node scripts/bench-connections.mjs [connections=10000] [repetitions=20]
//
// Uses the same server binary and dist/ as the end-to-end tests (MADCONNECT_SERVER_BIN,
// MADCONNECT_DIST to override).
import { startServer, launchBrowser, newPage, signIn } from '../tests/e2e/harness.mjs';

const connections = Number(process.argv[2] ?? 10000);
const repetitions = Number(process.argv[3] ?? 20);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (ms) => `${ms.toFixed(1)} ms`;

const server = await startServer({ syntheticConnections: connections });
const browser = await launchBrowser();
try {
  const page = await newPage(browser);
  await signIn(page, server);

  // First page, cold: a full load of /connections (wasm start, session restore, API call, render).
  await page.goto(`${server.url}connections`);
  await page.locator('table.mc-conn-table tbody tr').first().waitFor();
  const coldMs = await page.evaluate(() => performance.now());
  const total = await page.locator('.mc-pagination__summary').textContent();

  // First page, warm: from a click on the navigation link to the rows on screen.
  const warm = [];
  for (let i = 0; i < 5; i++) {
    await page.getByRole('link', { name: 'Marketplace' }).click();
    await page.locator('table.mc-conn-table').waitFor({ state: 'detached' });
    warm.push(await page.evaluate(() => new Promise((resolve) => {
      const t0 = performance.now();
      document.querySelector('a.mc-nav__link[href$="connections"]').click();
      const done = () => document.querySelector('table.mc-conn-table tbody tr');
      const obs = new MutationObserver(() => {
        if (done()) { obs.disconnect(); resolve(performance.now() - t0); }
      });
      obs.observe(document.body, { childList: true, subtree: true });
    })));
  }

  // Status filter → updated table, alternating so every change really changes the rows.
  const filters = [['active', 'Active'], ['disabled', 'Disabled'], ['broken', 'Broken'], ['In-progress', 'In progress']];
  const dom = [];
  const painted = [];
  for (let i = 0; i < repetitions; i++) {
    const [value, label] = filters[i % filters.length];
    const r = await page.evaluate(({ value, label }) => new Promise((resolve, reject) => {
      const select = document.getElementById('mc-conn-status');
      const results = document.querySelector('.mc-conn-results');
      const updated = () => {
        if (results.getAttribute('aria-busy') === 'true') return false;
        const table = results.querySelector('table.mc-conn-table');
        if (!table || table.dataset.statusFilter !== value) return false;
        const badges = [...table.querySelectorAll('tbody .mc-badge__label')].map((b) => b.textContent);
        return badges.length > 0 && badges.every((b) => b === label);
      };
      const t0 = performance.now();
      const timer = setTimeout(() => reject(new Error(`table did not update to ${value}`)), 10000);
      const obs = new MutationObserver(() => {
        if (!updated()) return;
        obs.disconnect();
        clearTimeout(timer);
        const domMs = performance.now() - t0;
        requestAnimationFrame(() => setTimeout(() => resolve({ domMs, paintedMs: performance.now() - t0 })));
      });
      obs.observe(results, { childList: true, subtree: true, attributes: true, characterData: true });
      select.value = value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }), { value, label });
    dom.push(r.domMs);
    painted.push(r.paintedMs);
  }

  console.log(`connections in the sub-account: ${connections} (${total?.trim()})`);
  console.log(`first page, cold load of /connections:   ${fmt(coldMs)} (navigation start → rows in the DOM)`);
  console.log(`first page, in-app navigation (median):  ${fmt(median(warm))} over ${warm.length} runs`);
  console.log(`status filter → updated table (median):  ${fmt(median(dom))} DOM, ${fmt(median(painted))} painted, over ${repetitions} changes`);
  console.log(`status filter → updated table (max):     ${fmt(Math.max(...dom))} DOM`);
  console.log(`target: under 100 ms from filter change to updated table: ${median(painted) < 100 ? 'met' : 'NOT met'}`);
} finally {
  await browser.close();
  await server.stop();
}
