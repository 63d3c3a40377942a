#!/usr/bin/env node
// Benchmark (a script, not a test): what a flood of sign-ins costs the server. Prints
//   1. server RSS before, at peak and 30 s after a wave of 96 concurrent unknown-id requests,
//      each from its own loopback address (so the per-address throttle does not absorb it and
//      the verification bound is what is measured);
//   2. an honest client's token latency during a 64-client flood of unknown ids, once with all
//      64 on one address and once with each on its own (the honest client, on its own address,
//      has signed in once before the flood);
//   3. how many guesses one client gets in a minute against a real client id.
//
//   node scripts/bench-token-flood.mjs [--quick]     (--quick: 10 s instead of 60 s for 3.)
//
// Linux only (reads /proc). Uses target/release/madconnect-server, or MADCONNECT_SERVER_BIN.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import net from 'node:net';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = process.env.MADCONNECT_SERVER_BIN ?? join(root, 'target/release/madconnect-server');
const quick = process.argv.includes('--quick');
const ID = 'benchClientId001';
const SECRET = 'bench-secret-0123456789abcdefghij';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mib = (kb) => `${(kb / 1024).toFixed(0)} MiB`;

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'mc-flood-'));
  const port = await freePort();
  const child = spawn(bin, ['--db', join(dir, 'm.db'), '--addr', `127.0.0.1:${port}`], {
    env: { ...process.env, MADCONNECT_DEMO_CLIENT_ID: ID, MADCONNECT_DEMO_CLIENT_SECRET: SECRET, MADCONNECT_LOG: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 200; i++) {
    const up = await request(port, '127.0.0.1', '/favicon.ico', null).then(() => true, () => false);
    if (up) break;
    await sleep(50);
  }
  return { port, pid: child.pid, stop: () => { child.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); } };
}

function rssKb(pid) {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
  return m ? Number(m[1]) : 0;
}

/// One request on a fresh connection from `from`; resolves to { status, ms }.
function request(port, from, path, body) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const data = body ? JSON.stringify(body) : null;
    const req = http.request({
      host: '127.0.0.1', port, path, localAddress: from, agent: false, method: data ? 'POST' : 'GET',
      headers: data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {},
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - t0 }));
    });
    req.on('error', reject);
    req.end(data ?? undefined);
  });
}

const token = (port, from, clientId, clientSecret) =>
  request(port, from, '/es/v2/oauth/client-token', { clientId, clientSecret });
const count = (xs) => xs.reduce((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };

// 1. Memory around a 96-request wave.
{
  const server = await startServer();
  await token(server.port, '127.0.0.1', ID, SECRET); // warm: the dummy hash, the first buffer
  await sleep(1000);
  const before = rssKb(server.pid);
  let peak = before;
  const sampler = setInterval(() => { peak = Math.max(peak, rssKb(server.pid)); }, 20);
  const wave = await Promise.all(Array.from({ length: 96 }, (_, i) =>
    token(server.port, `127.0.2.${i + 1}`, `unknownClient${i}`, 'guess').catch(() => ({ status: 'error' }))));
  await sleep(500);
  clearInterval(sampler);
  peak = Math.max(peak, rssKb(server.pid));
  await sleep(30_000);
  const after = rssKb(server.pid);
  console.log(`1. 96 concurrent unknown-id requests from 96 addresses: ${JSON.stringify(count(wave.map((r) => r.status)))}`);
  console.log(`   RSS before ${mib(before)}, peak ${mib(peak)}, 30 s after ${mib(after)}`);
  server.stop();
}

// 2. Honest latency during a 64-client flood.
for (const spread of [false, true]) {
  const server = await startServer();
  // The honest client has signed in before (as a partner's server has), from its own address.
  await token(server.port, '127.0.0.2', ID, SECRET);
  let flooding = true;
  const statuses = [];
  const flood = Array.from({ length: 64 }, async (_, i) => {
    const from = spread ? `127.0.3.${i + 1}` : '127.0.0.1';
    for (let n = 0; flooding; n++) {
      const r = await token(server.port, from, `flood${i}x${n}`, 'guess').catch(() => ({ status: 'error' }));
      statuses.push(r.status);
    }
  });
  await sleep(500);
  const honest = [];
  const outcomes = [];
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    const r = await token(server.port, '127.0.0.2', ID, SECRET);
    outcomes.push(r.status);
    if (r.status === 200) honest.push(r.ms);
    await sleep(200);
  }
  flooding = false;
  await Promise.all(flood);
  const where = spread ? '64 addresses' : 'one address';
  console.log(`2. 64-client flood from ${where} (${statuses.length} flood requests: ${JSON.stringify(count(statuses))})`);
  console.log(`   honest client: ${JSON.stringify(count(outcomes))}; token latency median ${pct(honest, 0.5)?.toFixed(0)} ms, ` +
    `p95 ${pct(honest, 0.95)?.toFixed(0)} ms, max ${Math.max(...honest).toFixed(0)} ms`);
  server.stop();
}

// 3. Guesses per minute for one client against a real client id.
{
  const server = await startServer();
  const seconds = quick ? 10 : 60;
  const until = Date.now() + seconds * 1000;
  const statuses = [];
  while (Date.now() < until) {
    const r = await token(server.port, '127.0.0.9', ID, `guess-${statuses.length}`);
    statuses.push(r.status);
    if (r.status === 429) await sleep(250); // a patient guesser retries soon after a refusal
  }
  const guesses = statuses.filter((s) => s === 401).length;
  console.log(`3. one client guessing for ${seconds} s: ${guesses} guesses verified, ${statuses.filter((s) => s === 429).length} refused with 429` +
    (quick ? '' : ` (${guesses} guesses per minute)`));
  server.stop();
}
