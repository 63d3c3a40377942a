#!/usr/bin/env node
// Benchmark (a script, not a test): the API server with 1k, 10k and 100k connections, one server
// process after the other. For each size it prints the median (p50) of the requests the console
// makes most, then the growth from 1k to 100k; at 10k, requests per second with 16 concurrent
// clients on the first page of connections against the cheapest endpoint; and whether the 100-item
// catalog page travels compressed.
//
//   node scripts/bench-server.mjs [sizes=1000,10000,100000] [seconds per request=4]
//
// Loopback only, bounded in count and time. Uses target/release/madconnect-server (or
// MADCONNECT_SERVER_BIN); no console build is needed.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import zlib from 'node:zlib';

const root = resolve(import.meta.dirname, '..');
const serverBin = process.env.MADCONNECT_SERVER_BIN ?? join(root, 'target', 'release', 'madconnect-server');
const sizes = (process.argv[2] ?? '1000,10000,100000').split(',').map(Number);
const seconds = Number(process.argv[3] ?? 4);
const MAX_SAMPLES = 400;
const CONCURRENCY = 16;
const creds = { clientId: 'benchClientId001', clientSecret: 'bench-secret-0123456789abcdef' };

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
}

/** One HTTP request on a kept-alive loopback socket; resolves with status, headers and raw body. */
function request(port, method, path, { token, body, headers = {} } = {}) {
  return new Promise((ok, fail) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    if (body) req.write(JSON.stringify(body));
    req.end();
  });
}

async function json(port, method, path, opts) {
  const r = await request(port, method, path, opts);
  const parsed = JSON.parse(r.body.toString('utf8'));
  if (r.status !== 200) throw new Error(`${method} ${path}: ${r.status} ${r.body}`);
  return parsed;
}

async function startServer(connections) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'mc-bench-'));
  const args = ['--addr', `127.0.0.1:${port}`, '--db', join(dir, 'madconnect.db'), '--synthetic-connections', String(connections)];
  const log = [];
  const child = spawn(serverBin, args, {
    env: { ...process.env, MADCONNECT_DEMO_CLIENT_ID: creds.clientId, MADCONNECT_DEMO_CLIENT_SECRET: creds.clientSecret },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => log.push(String(d)));
  child.stderr.on('data', (d) => log.push(String(d)));
  const started = performance.now();
  const until = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${log.join('')}`);
    if (Date.now() > until) throw new Error(`server did not start:\n${log.join('')}`);
    try {
      const r = await request(port, 'GET', '/es/v2/accounts');
      if (r.status === 401) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const startMs = performance.now() - started;
  return {
    port,
    startMs,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** p50 of one client calling `path` back to back (a few warm-up calls first). */
async function p50(port, token, path) {
  for (let i = 0; i < 3; i++) await json(port, 'GET', path, { token });
  const times = [];
  const until = performance.now() + seconds * 1000;
  while (times.length < MAX_SAMPLES && (times.length < 5 || performance.now() < until)) {
    const t0 = performance.now();
    const r = await request(port, 'GET', path, { token });
    times.push(performance.now() - t0);
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status}`);
  }
  return { ms: median(times), n: times.length };
}

/** Requests per second with `CONCURRENCY` clients calling `path` for `seconds`. */
async function throughput(port, token, path) {
  for (let i = 0; i < 3; i++) await json(port, 'GET', path, { token });
  let done = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const r = await request(port, 'GET', path, { token });
        if (r.status !== 200) throw new Error(`GET ${path}: ${r.status}`);
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

const fmtMs = (ms) => (ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`);
const rows = new Map(); // label → Map(size → ms)
const record = (label, size, ms) => {
  if (!rows.has(label)) rows.set(label, new Map());
  rows.get(label).set(size, ms);
};
const extra = [];

for (const size of sizes) {
  const server = await startServer(size);
  try {
    const { port } = server;
    const token = (await json(port, 'POST', '/es/v2/oauth/client-token', { body: creds })).response.accessToken;
    const accounts = (await json(port, 'GET', '/es/v2/accounts', { token })).response;
    const brandA = accounts.find((a) => a.name === 'Brand A').id;
    const list = `/es/v2/connections?accountId=${brandA}&size=25`;
    const { total } = await json(port, 'GET', list, { token });
    console.log(`\n${size} synthetic connections (${total} in Brand A), server up in ${fmtMs(server.startMs)}`);

    const cases = [
      ['first page `size=25`', list],
      ['same with `q=` (one name, `q=00042`)', `${list}&q=00042`],
      ['same with `q=` (a connector name, `q=amazon s3`)', `${list}&q=amazon%20s3`],
      ['status filter `status=disabled`', `${list}&status=disabled`],
      ['last page (`offset` = total − 25)', `${list}&offset=${Math.max(0, total - 25)}`],
      ['middle page (`offset` = total / 2)', `${list}&offset=${Math.floor(total / 2)}`],
      ['`GET /es/v2/accounts`', '/es/v2/accounts'],
    ];
    for (const [label, path] of cases) {
      const { ms, n } = await p50(port, token, path);
      record(label, size, ms);
      console.log(`  ${label.padEnd(52)} p50 ${fmtMs(ms).padStart(9)}  (${n} calls)`);
    }

    if (size === 10000 || sizes.length === 1) {
      const catalog = (await json(port, 'GET', '/es/v2/connectors/all?size=1', { token })).response;
      const one = `/es/v2/connectors/${catalog[0].connectorId}`;
      const listRps = await throughput(port, token, list);
      const oneRps = await throughput(port, token, one);
      const line = `${size} connections, ${CONCURRENCY} concurrent clients: first page ${listRps.toFixed(0)} req/s, ` +
        `GET /es/v2/connectors/<id> ${oneRps.toFixed(0)} req/s, ratio ${(listRps / oneRps).toFixed(2)} (goal ≥ 0.5)`;
      extra.push(line);
      console.log(`  ${line}`);
    }

    if (size === sizes[0]) {
      const path = '/es/v2/connectors/all?size=100';
      const plain = await request(port, 'GET', path, { token, headers: { 'accept-encoding': 'identity' } });
      for (const enc of ['gzip', 'br']) {
        const r = await request(port, 'GET', path, { token, headers: { 'accept-encoding': enc } });
        const got = r.headers['content-encoding'] ?? 'none';
        let same = false;
        if (got === 'gzip') same = zlib.gunzipSync(r.body).equals(plain.body);
        else if (got === 'br') same = zlib.brotliDecompressSync(r.body).equals(plain.body);
        const line = `catalog page size=100, Accept-Encoding: ${enc}: Content-Encoding ${got}, ` +
          `${(r.body.length / 1024).toFixed(1)} KB on the wire (${(plain.body.length / 1024).toFixed(1)} KB uncompressed)` +
          (got === 'none' ? '' : same ? ', decodes to the same bytes' : ', DECODES DIFFERENTLY');
        extra.push(line);
        console.log(`  ${line}`);
      }
    }
  } finally {
    await server.stop();
  }
}

if (sizes.length > 1) {
  const first = sizes[0];
  const last = sizes[sizes.length - 1];
  console.log(`\n| request | ${sizes.map((s) => `${s / 1000}k`).join(' | ')} | ${last / 1000}k ÷ ${first / 1000}k |`);
  console.log(`| --- | ${sizes.map(() => '---').join(' | ')} | --- |`);
  for (const [label, bySize] of rows) {
    const cells = sizes.map((s) => fmtMs(bySize.get(s)));
    console.log(`| ${label} | ${cells.join(' | ')} | ${(bySize.get(last) / bySize.get(first)).toFixed(1)}× |`);
  }
}
for (const line of extra) console.log(line);
agent.destroy();
