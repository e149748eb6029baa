// Shared by the benchmarks: start the platform from dist/ like the e2e suite does (own databases,
// exchange, queues, free ports, a bootstrap admin), measure the CPU its processes use, clean up.
import amqplib from 'amqplib';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import pg from 'pg';
import { workspaceRoot } from '../../scripts/lib/env.mjs';

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RABBITMQ_URL = process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/** Stands in for a collector: accepts OTLP/HTTP exports and counts them, nothing more. */
export async function startSink() {
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
export function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
  } catch {
    return undefined;
  }
}

/**
 * The command and leading arguments that run `node`, pinned to `cpus` (a taskset list, e.g. '1')
 * when given, so load generator and servers do not trade cores.
 */
export const nodeCommand = (node, cpus) => (cpus ? ['taskset', ['-c', cpus, node]] : [node, []]);

/** `node` runs the app (this process's Node by default): a runtime is priced by running both. */
export function startApp(app, env, { cpus, nodeArgs = [], node = process.execPath } = {}) {
  const [command, args] = nodeCommand(node, cpus);
  const child = spawn(command, [...args, ...nodeArgs, join(workspaceRoot, 'dist/apps', app, 'main.js')], {
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

/**
 * One platform, as the e2e suite starts it, with `extraEnv` for every app and `env.<app>` for one.
 * `cpus` (taskset list, e.g. '1') pins the three apps; `node` is the binary they run on. Returns
 * its URLs (public, and `managementUrls` per app for /metrics), the admin's Authorization header, the apps' CPU time and stop(), which removes what
 * it created.
 */
export async function startPlatform(extraEnv = {}, { cpus, env: perApp = {}, nodeArgs = {}, node } = {}) {
  const id = randomUUID().slice(0, 8);
  const databases = [`bench_users_${id}`, `bench_auth_${id}`];
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  for (const name of databases) await admin.query(`CREATE DATABASE "${name}"`);
  const dbUrl = (name) => Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).toString();
  const [usersPort, authPort, gatewayPort] = [await freePort(), await freePort(), await freePort()];
  const management = { users: await freePort(), auth: await freePort(), gateway: await freePort() };
  const exchange = `bench-${id}`;
  const queue = `bench-auth-${id}`;
  const commandsQueue = `bench-users-commands-${id}`;
  const adminUser = { email: `bench-admin-${id}@example.com`, password: randomBytes(18).toString('base64url') };
  const common = {
    RABBITMQ_URL,
    EVENTS_EXCHANGE: exchange,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'log',
    LOG_FORMAT: 'json',
    NODE_ENV: 'production',
    ...extraEnv,
  };
  const apps = [
    startApp(
      'users',
      {
        ...common,
        USERS_PORT: String(usersPort),
        USERS_MANAGEMENT_PORT: String(management.users),
        USERS_DATABASE_URL: dbUrl(databases[0]),
        USERS_COMMANDS_QUEUE: commandsQueue,
        AUTH_JWKS_URL: `http://127.0.0.1:${authPort}/v1/auth/.well-known/jwks.json`,
        ...perApp.users,
      },
      { cpus, node, nodeArgs: nodeArgs.users },
    ),
    startApp(
      'auth',
      {
        ...common,
        AUTH_PORT: String(authPort),
        AUTH_MANAGEMENT_PORT: String(management.auth),
        AUTH_DATABASE_URL: dbUrl(databases[1]),
        AUTH_USERS_EVENTS_QUEUE: queue,
        AUTH_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        ADMIN_EMAIL: adminUser.email,
        ADMIN_PASSWORD: adminUser.password,
        ...perApp.auth,
      },
      { cpus, node, nodeArgs: nodeArgs.auth },
    ),
    startApp(
      'gateway',
      {
        ...common,
        GATEWAY_PORT: String(gatewayPort),
        GATEWAY_MANAGEMENT_PORT: String(management.gateway),
        GATEWAY_USERS_URL: `http://127.0.0.1:${usersPort}`,
        GATEWAY_AUTH_URL: `http://127.0.0.1:${authPort}`,
        ...perApp.gateway,
      },
      { cpus, node, nodeArgs: nodeArgs.gateway },
    ),
  ];
  const stop = async () => {
    await Promise.all(apps.map((app) => app.stop()));
    const connection = await amqplib.connect(RABBITMQ_URL);
    const channel = await connection.createChannel();
    for (const name of [
      queue,
      `${queue}.parked`,
      commandsQueue,
      ...[1000, 5000, 30000].map((ms) => `${queue}.retry.${ms}ms`),
    ])
      await channel.deleteQueue(name);
    for (const name of [exchange, `${exchange}.dead-letter`, `${exchange}.commands`])
      await channel.deleteExchange(name);
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
  const cpuOf = (name) => apps[['users', 'auth', 'gateway'].indexOf(name)].cpuMs();
  const managementUrls = Object.fromEntries(
    Object.entries(management).map(([app, port]) => [app, `http://127.0.0.1:${port}`]),
  );
  return {
    gatewayUrl,
    usersUrl: `http://127.0.0.1:${usersPort}`,
    authUrl: `http://127.0.0.1:${authPort}`,
    managementUrls,
    appsCpuMs,
    cpuOf,
    stop,
    authorization,
  };
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
  return login(gatewayUrl, adminUser);
}

/** Logs in through the gateway; resolves with the Authorization header of the access token. */
export async function login(gatewayUrl, { email, password }) {
  const response = await fetch(`${gatewayUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok)
    throw new Error(`login as ${email} at ${gatewayUrl} failed: ${response.status} ${await response.text()}`);
  return `Bearer ${(await response.json()).accessToken}`;
}
