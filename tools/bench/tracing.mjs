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
import autocannon from 'autocannon';
import amqplib from 'amqplib';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadDotEnv, workspaceRoot } from '../scripts/lib/env.mjs';

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
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RABBITMQ_URL = process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/** Stands in for a collector: accepts OTLP/HTTP exports and counts them, nothing more. */
async function startSink() {
  const counts = { exports: 0, bytes: 0, spans: 0 };
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      counts.exports++;
      counts.bytes += Buffer.byteLength(body);
      counts.spans += body.split('"spanId"').length - 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    counts,
    stop: () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))),
  };
}

/** CPU time (user + system, ms) a process has used so far; Linux only (undefined elsewhere). */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
  } catch {
    return undefined;
  }
}

function startApp(app, env) {
  const child = spawn(process.execPath, [join(workspaceRoot, 'dist/apps', app, 'main.js')], {
    env: { ...process.env, ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    cpuMs: () => cpuMs(child.pid),
    async ready(url) {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`${app} exited: ${stderr}`);
        const response = await fetch(url).catch(() => undefined);
        if (response?.status === 200) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`${app} not ready at ${url}: ${stderr}`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** One platform, as the e2e suite starts it, with `extraEnv` for every app. */
async function startPlatform(extraEnv) {
  const id = randomUUID().slice(0, 8);
  const databases = [`bench_tracing_users_${id}`, `bench_tracing_auth_${id}`];
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  for (const name of databases) await admin.query(`CREATE DATABASE "${name}"`);
  const dbUrl = (name) => Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).toString();
  const [usersPort, authPort, gatewayPort] = [await freePort(), await freePort(), await freePort()];
  const exchange = `bench-tracing-${id}`;
  const queue = `bench-tracing-auth-${id}`;
  const commandsQueue = `bench-tracing-users-commands-${id}`;
  const adminUser = { email: `bench-admin-${id}@example.com`, password: randomBytes(18).toString('base64url') };
  const common = { RABBITMQ_URL, EVENTS_EXCHANGE: exchange, HOST: '127.0.0.1', LOG_LEVEL: 'log', LOG_FORMAT: 'json', NODE_ENV: 'production', ...extraEnv };
  const apps = [
    startApp('users', {
      ...common,
      USERS_PORT: String(usersPort),
      USERS_DATABASE_URL: dbUrl(databases[0]),
      USERS_COMMANDS_QUEUE: commandsQueue,
      AUTH_JWKS_URL: `http://127.0.0.1:${authPort}/v1/auth/.well-known/jwks.json`,
    }),
    startApp('auth', {
      ...common,
      AUTH_PORT: String(authPort),
      AUTH_DATABASE_URL: dbUrl(databases[1]),
      AUTH_USERS_EVENTS_QUEUE: queue,
      AUTH_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ADMIN_EMAIL: adminUser.email,
      ADMIN_PASSWORD: adminUser.password,
    }),
    startApp('gateway', {
      ...common,
      GATEWAY_PORT: String(gatewayPort),
      GATEWAY_USERS_URL: `http://127.0.0.1:${usersPort}`,
      GATEWAY_AUTH_URL: `http://127.0.0.1:${authPort}`,
      // One admin token loads the whole path: no rate limit, and no cache answering for users.
      GATEWAY_RATE_LIMIT_STANDARD: '100000000/1s',
      GATEWAY_CACHE_MAX_MB: '0',
    }),
  ];
  const stop = async () => {
    await Promise.all(apps.map((app) => app.stop()));
    const connection = await amqplib.connect(RABBITMQ_URL);
    const channel = await connection.createChannel();
    for (const name of [queue, `${queue}.parked`, commandsQueue, ...[1000, 5000, 30000].map((ms) => `${queue}.retry.${ms}ms`)]) await channel.deleteQueue(name);
    for (const name of [exchange, `${exchange}.dead-letter`, `${exchange}.commands`]) await channel.deleteExchange(name);
    await connection.close();
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  };
  try {
    await Promise.all([
      apps[0].ready(`http://127.0.0.1:${usersPort}/health/ready`),
      apps[1].ready(`http://127.0.0.1:${authPort}/health/ready`),
      apps[2].ready(`http://127.0.0.1:${gatewayPort}/health/ready`),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  const appsCpuMs = () => apps.reduce((sum, app) => sum + (app.cpuMs() ?? NaN), 0);
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const authorization = await adminAuthorization(gatewayUrl, adminUser, dbUrl(databases[1])).catch(async (error) => {
    await stop();
    throw error;
  });
  return { gatewayUrl, appsCpuMs, stop, authorization };
}

/** Waits for auth's bootstrap administrator (in its database: failed logins would lock it), logs in. */
async function adminAuthorization(gatewayUrl, adminUser, authDbUrl) {
  const db = new pg.Client({ connectionString: authDbUrl });
  await db.connect();
  try {
    const deadline = Date.now() + 20_000;
    const exists = `SELECT 1 FROM user_accounts a JOIN credentials c USING (user_id) WHERE a.email = $1 AND a.status = 'active'`;
    while ((await db.query(exists, [adminUser.email])).rowCount === 0) {
      if (Date.now() > deadline) throw new Error('the bootstrap administrator was not created within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await db.end();
  }
  const login = await fetch(`${gatewayUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(adminUser),
  }).then((response) => response.json());
  return `Bearer ${login.accessToken}`;
}

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
  const platform = await startPlatform(env);
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
          setupRequest: (request) => ({ ...request, body: JSON.stringify({ email: `bench-${run}-${n++}@example.com`, name: 'Bench' }) }),
        },
      ],
    });
    return { reads, writes, exported: sink?.counts };
  } finally {
    await platform.stop();
    await sink?.stop();
  }
}

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const figures = (r) => `${fmt(r.rps).padStart(6)} req/s  p50 ${fmt(r.p50, 1).padStart(5)} ms  p99 ${fmt(r.p99, 1).padStart(5)} ms  cpu ${fmt(r.cpu).padStart(5)} µs/req`;
const row = (label, off, on) =>
  `  ${label.padEnd(6)} off ${figures(off)}  |  on ${figures(on)}  |  on/off: req/s ${fmt(on.rps / off.rps, 2)}, p99 ${fmt(on.p99 / off.p99, 2)}, cpu ${fmt(on.cpu / off.cpu, 2)}`;

console.log(`tracing off vs on: ${CONNECTIONS} connections, reads ${DURATION} s, writes ${WRITE_DURATION} s, ${ROUNDS} round(s)`);
for (let round = 1; round <= ROUNDS; round++) {
  const off = await measure('off');
  const on = await measure('on');
  console.log(`round ${round}`);
  console.log(row('read', off.reads, on.reads));
  console.log(row('write', off.writes, on.writes));
  console.log(`  on: ${fmt(on.exported.spans)} spans exported in ${on.exported.exports} batches (${fmt(on.exported.bytes / 1e6, 1)} MB of OTLP JSON)`);
}
