#!/usr/bin/env node
// What tracing costs: the same load through the gateway with tracing off, then on, in one run.
// Not a test. Needs the built apps (npx nx run-many -t build) and PostgreSQL and RabbitMQ.
//
// Each mode starts its own platform from dist/ (gateway, users, auth; own databases, exchange,
// queue and free ports, removed afterwards), like the e2e suite. "on" exports every span to an
// OTLP/HTTP sink in this process, which only counts what it gets (a collector's cost is not
// ours). Load, with autocannon after a short warm-up:
//   read:  GET /api/v1/users/<id>   gateway -> users -> PostgreSQL
//   write: POST /api/v1/users       ... -> outbox -> relay -> RabbitMQ -> auth (in the background)
// Prints requests/s, latency (p50, p99) and the CPU the three apps used per request, per mode,
// and the on/off ratios. On a shared machine req/s moves with whatever else runs; CPU per request
// moves less. --rounds N repeats the off/on pair to show the spread.
import '../scripts/lib/require-node.mjs'; // first: one clear line on a Node too old to run the rest
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadDotEnv } from '../scripts/lib/env.mjs';
import { startPlatform, startSink } from './lib/bench-platform.mjs';

loadDotEnv();
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    'write-duration': { type: 'string', default: '5' },
    connections: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '1' },
  },
});
const DURATION = Number(values.duration);
const WRITE_DURATION = Number(values['write-duration']);
const CONNECTIONS = Number(values.connections);
const ROUNDS = Number(values.rounds);

/** Load with autocannon; also the CPU the three apps used per request (less noisy than req/s). */
async function load(platform, options) {
  const cpuBefore = platform.appsCpuMs();
  const result = await autocannon({ connections: CONNECTIONS, ...options });
  const cpuUsPerRequest = ((platform.appsCpuMs() - cpuBefore) * 1000) / result.requests.total;
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) console.warn(`  ${failed} of ${result.requests.total} requests failed or were not 2xx`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpu: cpuUsPerRequest };
}

async function measure(mode) {
  const sink = mode === 'on' ? await startSink() : undefined;
  const env = sink ? { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url } : {};
  // The gateway's rate limit out of the way and its cache off: every read reaches users.
  const platform = await startPlatform({
    ...env,
    GATEWAY_RATE_LIMIT_STANDARD: '100000000/1s',
    GATEWAY_CACHE_MAX_MB: '0',
  });
  try {
    const users = `${platform.gatewayUrl}/api/v1/users`;
    const authorization = platform.authorization;
    const seed = await fetch(users, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ email: `seed-${randomUUID()}@example.com`, name: 'Seed' }),
    }).then((response) => response.json());
    const read = { url: `${users}/${seed.id}`, headers: { authorization } };
    await load(platform, { ...read, duration: 2 });
    const reads = await load(platform, { ...read, duration: DURATION });
    let n = 0;
    const run = randomUUID().slice(0, 8);
    const writes = await load(platform, {
      url: users,
      duration: WRITE_DURATION,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({ email: `bench-${run}-${n++}@example.com`, name: 'Bench' }),
          }),
        },
      ],
    });
    return { reads, writes, exported: sink?.counts };
  } finally {
    await platform.stop();
    await sink?.stop();
  }
}

const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const figures = (r) =>
  `${fmt(r.rps).padStart(6)} req/s  p50 ${fmt(r.p50, 1).padStart(5)} ms  p99 ${fmt(r.p99, 1).padStart(5)} ms  cpu ${fmt(r.cpu).padStart(5)} µs/req`;
const row = (label, off, on) =>
  `  ${label.padEnd(6)} off ${figures(off)}  |  on ${figures(on)}  |  on/off: req/s ${fmt(on.rps / off.rps, 2)}, p99 ${fmt(on.p99 / off.p99, 2)}, cpu ${fmt(on.cpu / off.cpu, 2)}`;

console.log(
  `tracing off vs on: ${CONNECTIONS} connections, reads ${DURATION} s, writes ${WRITE_DURATION} s, ${ROUNDS} round(s)`,
);
for (let round = 1; round <= ROUNDS; round++) {
  const off = await measure('off');
  const on = await measure('on');
  console.log(`round ${round}`);
  console.log(row('read', off.reads, on.reads));
  console.log(row('write', off.writes, on.writes));
  console.log(
    `  on: ${fmt(on.exported.spans)} spans exported in ${on.exported.exports} batches (${fmt(on.exported.bytes / 1e6, 1)} MB of OTLP JSON)`,
  );
}
