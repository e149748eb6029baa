#!/usr/bin/env node
// `npm start`: checks PostgreSQL and RabbitMQ, creates the databases, builds the apps and runs
// users, auth and the gateway together with prefixed output, until Ctrl-C. USERS_INSTANCES and
// AUTH_INSTANCES (default 1) run more instances of a service: instance k (from 0) listens on the
// service's port + 10k (its management server on the management port + 10k), and the gateway is
// given all of them.
import './lib/require-node.mjs'; // first: one clear line on a Node too old to run the rest
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureDevSecrets, loadDotEnv, settings, workspaceRoot } from './lib/env.mjs';
import { checkRabbitMq, ensureDatabases, ServiceUnavailable } from './lib/services.mjs';

const INSTANCE_PORT_STEP = 10;
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const tag = (name, color) => (useColor ? `\x1b[${color}m[${name}]\x1b[0m` : `[${name}]`);
const say = (line) => console.log(`${tag('platform', 32)} ${line}`);

const startedAt = Date.now();
loadDotEnv();
const generatedSecrets = ensureDevSecrets();
const config = (() => {
  try {
    return settings();
  } catch (error) {
    console.error(`${tag('platform', 31)} ${error.message}`);
    process.exit(1);
  }
})();
const children = [];
const APPS = [
  ...instancesOf('users', 36, [config.usersPort, config.usersManagementPort], config.usersInstances),
  ...instancesOf('auth', 35, [config.authPort, config.authManagementPort], config.authInstances).map((app) => ({
    ...app,
    env: { ...app.env, ...authTrust() },
  })),
  {
    name: 'gateway',
    label: 'gateway',
    color: 33,
    port: config.gatewayPort,
    managementPort: config.gatewayManagementPort,
    env: gatewayUpstreams(),
  },
];

/** Instance k of a service runs with its port variables set to base + 10k (they share the rest). */
function instancesOf(name, color, [basePort, baseManagementPort], count) {
  const prefix = name.toUpperCase();
  return Array.from({ length: count }, (_, k) => {
    const port = basePort + INSTANCE_PORT_STEP * k;
    const managementPort = baseManagementPort + INSTANCE_PORT_STEP * k;
    const env = { [`${prefix}_PORT`]: String(port), [`${prefix}_MANAGEMENT_PORT`]: String(managementPort) };
    return { name, label: count > 1 ? `${name}#${k}` : name, color, port, managementPort, env };
  });
}

/** With several instances, the gateway gets the list (a list set explicitly wins). */
function gatewayUpstreams() {
  const urls = (basePort, count) =>
    Array.from({ length: count }, (_, k) => `http://127.0.0.1:${basePort + INSTANCE_PORT_STEP * k}`).join(',');
  return {
    ...(config.usersInstances > 1 &&
      !process.env.GATEWAY_USERS_URL && { GATEWAY_USERS_URL: urls(config.usersPort, config.usersInstances) }),
    ...(config.authInstances > 1 &&
      !process.env.GATEWAY_AUTH_URL && { GATEWAY_AUTH_URL: urls(config.authPort, config.authInstances) }),
  };
}

/** The gateway runs here, on loopback: auth believes its X-Forwarded-For (a value set explicitly wins). */
function authTrust() {
  return process.env.AUTH_TRUSTED_PROXIES === undefined ? { AUTH_TRUSTED_PROXIES: '127.0.0.1,::1' } : {};
}
let stopping = false;

async function main() {
  try {
    const created = await ensureDatabases([config.usersDatabaseUrl, config.authDatabaseUrl]);
    if (created.length) say(`created database(s): ${created.join(', ')}`);
    await checkRabbitMq(config.rabbitMqUrl);
  } catch (error) {
    if (error instanceof ServiceUnavailable) {
      console.error(`${tag('platform', 31)} ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  say('building gateway, users and auth (cached when unchanged)...');
  const build = spawnSync(
    'npx',
    ['nx', 'run-many', '-t', 'build', '-p', 'gateway', 'users', 'auth', '--outputStyle=static'],
    {
      cwd: workspaceRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    },
  );
  if (build.status !== 0) {
    console.error(build.stdout);
    console.error(`${tag('platform', 31)} the build failed; see above`);
    process.exit(1);
  }
  for (const app of APPS) children.push(startApp(app));
  await Promise.all(APPS.map((app) => waitUntilReady(app)));
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  say(`ready in ${seconds}s`);
  say(`Swagger UI:  http://localhost:${config.gatewayPort}/docs`);
  say(`API:         http://localhost:${config.gatewayPort}/api/v1/users`);
  say(
    `Management:  ${APPS.map((app) => `${app.label} http://localhost:${app.managementPort}`).join(', ')} (/metrics, /health/ready)`,
  );
  if (process.env.ADMIN_EMAIL) {
    const where = generatedSecrets.ADMIN_PASSWORD ? 'generated into .env.local' : 'from .env.local or your environment';
    say(
      `Admin:       ${process.env.ADMIN_EMAIL} / ${process.env.ADMIN_PASSWORD} (${where}; log in at POST /api/v1/auth/login)`,
    );
  }
  say('Ctrl-C stops everything');
}

function startApp(app) {
  const child = spawn(process.execPath, [join(workspaceRoot, 'dist/apps', app.name, 'main.js')], {
    cwd: workspaceRoot,
    // Nest colours its logs unless NO_COLOR is set; colour only when we write to a terminal.
    env: { ...process.env, ...app.env, ...(useColor ? { FORCE_COLOR: '1' } : { NO_COLOR: '1' }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = tag(app.label.padEnd(7), app.color);
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream.on('data', (chunk) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop();
      for (const line of lines) console.log(`${prefix} ${line}`);
    });
  }
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${tag('platform', 31)} ${app.label} exited (${signal ?? `code ${code}`}); stopping the others`);
    shutdown(1);
  });
  return child;
}

/** Asks the management port: its readiness says which dependency is not ready yet. */
async function waitUntilReady(app) {
  const url = `http://127.0.0.1:${app.managementPort}/health/ready`;
  const deadline = Date.now() + 60_000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const response = await fetch(url).catch(() => undefined);
    if (response?.status === 200) return;
    if (response) last = (await response.json().catch(() => ({}))).detail ?? `status ${response.status}`;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${app.label} did not become ready at ${url} within 60 s (${last}); see its output above`);
}

function shutdown(code) {
  if (stopping) return;
  stopping = true;
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  for (const child of running) child.kill('SIGTERM');
  const force = setTimeout(() => running.forEach((child) => child.kill('SIGKILL')), 10_000);
  Promise.all(running.map((child) => new Promise((resolve) => child.once('exit', resolve)))).then(() => {
    clearTimeout(force);
    process.exit(code);
  });
}

process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
main().catch((error) => {
  console.error(`${tag('platform', 31)} ${error.message}`);
  shutdown(1);
});
