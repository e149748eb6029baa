#!/usr/bin/env node
// Login benchmark against the running platform. Not a test. Start the platform with the per-IP
// login limit raised (every request comes from 127.0.0.1), then run this:
//
//   AUTH_RATE_LIMIT_PER_IP=100000 GATEWAY_RATE_LIMIT_AUTH=100000/60s npm start
//   npm run bench:login
//
// In one run, one phase after the other (so they do not share the two cores):
// 1. raw argon2id: this process verifies a password against a hash made with auth's parameters
//    (AUTH_ARGON2_*, OWASP's minimum by default), C at a time for D seconds: the ceiling;
// 2. logins through the gateway: POST /api/v1/auth/login for a user registered here, C at a time
//    for D seconds; each login verifies the password, starts a refresh-token family and signs
//    an access token.
// Prints verifies/s and logins/s, p50/p99 of each, and logins/s ÷ verifies/s.
import '../scripts/lib/require-node.mjs'; // first: one clear line on a Node too old to run the rest
import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadDotEnv, settings } from '../scripts/lib/env.mjs';

loadDotEnv();
const config = settings();
const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, concurrency: { type: 'string', default: '4' } },
});
const SECONDS = Number(values.seconds);
// 4 = libuv's default thread pool, which runs argon2 both here and in auth.
const CONCURRENCY = Number(values.concurrency);
const gateway = `http://127.0.0.1:${config.gatewayPort}`;
const argonOptions = {
  type: argon2.argon2id,
  memoryCost: Number(process.env.AUTH_ARGON2_MEMORY_KIB ?? 19_456),
  timeCost: Number(process.env.AUTH_ARGON2_ITERATIONS ?? 2),
  parallelism: 1,
};

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Runs `once` C at a time for SECONDS; returns operations/s and latency percentiles (ms). */
async function measure(once) {
  const latencies = [];
  const deadline = Date.now() + SECONDS * 1000;
  const started = performance.now();
  const worker = async () => {
    while (Date.now() < deadline) {
      const t0 = performance.now();
      await once();
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    count: latencies.length,
  };
}

async function post(path, body) {
  const response = await fetch(`${gateway}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text };
}

async function main() {
  const email = `bench-${randomBytes(4).toString('hex')}@example.com`;
  const password = `bench-${randomBytes(12).toString('base64url')}`;
  const registered = await post('/api/v1/auth/register', { email, password, name: 'Login bench' }).catch((error) => {
    throw new Error(
      `the platform is not reachable at ${gateway} (${error.cause?.code ?? error.message}); start it with: AUTH_RATE_LIMIT_PER_IP=100000 GATEWAY_RATE_LIMIT_AUTH=100000/60s npm start`,
    );
  });
  if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${registered.body}`);

  const hash = await argon2.hash(password, argonOptions);
  const raw = await measure(async () => {
    if (!(await argon2.verify(hash, password))) throw new Error('verify failed');
  });
  const logins = await measure(async () => {
    const response = await post('/api/v1/auth/login', { email, password });
    if (response.status === 429)
      throw new Error(
        '429 from the login limit: start the platform with AUTH_RATE_LIMIT_PER_IP=100000 GATEWAY_RATE_LIMIT_AUTH=100000/60s',
      );
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${response.body}`);
  });

  const row = (name, r) =>
    `${name.padEnd(34)} ${r.perSecond.toFixed(1).padStart(8)}/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   (${r.count})`;
  console.log(
    `argon2id m=${argonOptions.memoryCost} KiB t=${argonOptions.timeCost} p=1, ${CONCURRENCY} at a time, ${SECONDS} s each`,
  );
  console.log(row('raw argon2id verify (this process)', raw));
  console.log(row('login through the gateway', logins));
  console.log(`logins/s ÷ raw verifies/s = ${(logins.perSecond / raw.perSecond).toFixed(2)}`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
