#!/usr/bin/env node
// Catalog benchmark (a measurement, not a test): the real server seeded with 5,000 synthetic
// connectors, the built console in headless Chromium. Prints the time to the first card after a
// fresh navigation to the marketplace, the time until the whole catalog is loaded, and the median
// time from a facet change to the updated grid.
//
//   node scripts/bench-catalog.mjs            (uses dist/ and target/release/madconnect-server,
//                                              or $MADCONNECT_DIST / $MADCONNECT_SERVER_BIN)
//   BENCH_CONNECTORS=5000 BENCH_RUNS=20 node scripts/bench-catalog.mjs
import { startServer, launchBrowser, newPage, signIn } from '../tests/e2e/harness.mjs';

const connectors = Number(process.env.BENCH_CONNECTORS ?? 5000);
const runs = Number(process.env.BENCH_RUNS ?? 20);
const loads = Number(process.env.BENCH_LOADS ?? 5);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (ms) => `${ms.toFixed(1)} ms`;

// Records, from the very start of each document, when the first card enters the DOM, when the
// frame after it starts (it is on screen), and when the catalog stops loading.
const probe = () => {
  window.__bench = { firstCard: null, firstFrame: null, loaded: null };
  const seen = () => {
    const b = window.__bench;
    if (b.firstCard === null && document.querySelector('.mc-mkt-card')) {
      b.firstCard = performance.now();
      requestAnimationFrame(() => { b.firstFrame = performance.now(); });
    }
    const status = document.querySelector('.mc-mkt__count');
    if (b.firstCard !== null && b.loaded === null && status && !status.querySelector('.mc-mkt__loading')) {
      b.loaded = performance.now();
    }
  };
  new MutationObserver(seen).observe(document, { subtree: true, childList: true, characterData: true });
};

const server = await startServer({ syntheticConnectors: connectors });
const browser = await launchBrowser();
try {
  const page = await newPage(browser);
  await page.addInitScript(probe);
  await signIn(page, server);
  const total = await page.evaluate(async () => {
    const r = await fetch('es/v2/connectors/all?size=1', {
      headers: { authorization: `Bearer ${JSON.parse(sessionStorage.getItem('mc.session')).accessToken}` },
    });
    return (await r.json()).total;
  });

  // Time to first card: fresh navigations (no in-memory catalog), signed in via sessionStorage.
  const first = [];
  const firstFrame = [];
  const full = [];
  for (let i = 0; i < loads; i++) {
    await page.goto(`${server.url}marketplace`);
    await page.waitForFunction(() => window.__bench.firstFrame !== null && window.__bench.loaded !== null, null, { timeout: 60000 });
    const b = await page.evaluate(() => window.__bench);
    first.push(b.firstCard);
    firstFrame.push(b.firstFrame);
    full.push(b.loaded);
  }

  // Filter change → updated grid: click a facet, wait for the grid's DOM to change, then for the
  // next frame. Alternates between facets so every run really changes the result.
  const facets = [
    ['Platform type', 'CRM Platform'],
    ['Platform type', 'CRM Platform'],
    ['Data type category', 'reporting'],
    ['Data type category', 'reporting'],
    ['Platform type', 'Data Provider'],
    ['Data type category', 'events'],
    ['Data type category', 'events'],
    ['Platform type', 'Data Provider'],
  ];
  const dom = [];
  const frame = [];
  for (let i = 0; i < runs; i++) {
    const [group, value] = facets[i % facets.length];
    const t = await page.evaluate(([group, value]) => new Promise((resolve, reject) => {
      const fieldset = [...document.querySelectorAll('fieldset.mc-facet')]
        .find((f) => f.querySelector('legend')?.textContent.trim() === group);
      const label = [...(fieldset?.querySelectorAll('label') ?? [])]
        .find((l) => l.querySelector('span')?.textContent.trim().toLowerCase() === value.toLowerCase());
      const box = label && document.getElementById(label.htmlFor);
      if (!box) return reject(new Error(`no facet ${group} / ${value}`));
      const grid = document.querySelector('.mc-mkt__results');
      const before = document.querySelector('.mc-mkt__count')?.textContent;
      const t0 = performance.now();
      const obs = new MutationObserver(() => {
        if (document.querySelector('.mc-mkt__count')?.textContent === before) return;
        const t1 = performance.now();
        obs.disconnect();
        requestAnimationFrame(() => resolve({ dom: t1 - t0, frame: performance.now() - t0 }));
      });
      obs.observe(grid, { subtree: true, childList: true, characterData: true });
      box.click();
    }), [group, value]);
    dom.push(t.dom);
    frame.push(t.frame);
    await page.waitForTimeout(50);
  }

  console.log(`Catalog benchmark: ${total} connectors in the catalog, headless Chromium, localhost`);
  console.log(`  time to first card (navigation → first card in the DOM), median of ${loads}: ${fmt(median(first))}`);
  console.log(`  time to first card on screen (next frame), median of ${loads}:              ${fmt(median(firstFrame))}`);
  console.log(`  whole catalog loaded and indexed, median of ${loads}:                       ${fmt(median(full))}`);
  console.log(`  filter change → updated grid (DOM), median of ${runs}:                      ${fmt(median(dom))} (max ${fmt(Math.max(...dom))})`);
  console.log(`  filter change → next frame after the update, median of ${runs}:             ${fmt(median(frame))}`);
  if (page.errors.length) console.log(`  page errors: ${page.errors.join('; ')}`);
} finally {
  await browser.close();
  await server.stop();
}
