#!/usr/bin/env node
// What the platform costs to start and to keep running, in one run. Not a test. Needs PostgreSQL
// and RabbitMQ, and the ports `npm start` uses (3000-3002 and the management ports 4000-4002 by
// default) free.
//
// 1. Runs `npm start`'s script (tools/scripts/start.mjs) on this Node and times it until it
//    prints "ready" (the build step is included; Nx answers it from its cache when nothing
//    changed, so run it twice after a change and take the second);
// 2. reads each app's resident set size (RSS) after LOAD_IDLE_S seconds of idling;
// 3. sends --seconds of load through the gateway (GET a user by id with a bearer token and
//    Cache-Control: no-cache, so every request goes to users and PostgreSQL) and reads RSS again.
// Prints one row per app, then stops the platform.
import '../scripts/lib/require-node.mjs'; // first: one clear line on a Node too old to run the rest
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDevSecrets, loadDotEnv, settings, workspaceRoot } from '../scripts/lib/env.mjs';
import { login } from './lib/bench-platform.mjs';

loadDotEnv();
ensureDevSecrets();
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    idle: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
  },
});
const config = settings();
const gateway = `http://127.0.0.1:${config.gatewayPort}`;

/** The apps start.mjs spawned, by name, from its children's command lines. */
function appsOf(pid) {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  return children.map((child) => {
    const commandLine = readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0');
    const main = commandLine.find((part) => part.endsWith('main.js')) ?? '';
    return { pid: Number(child), name: main.split('/').at(-2) ?? '?' };
  });
}

const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function startPlatform() {
  const startedAt = performance.now();
  const child = spawn(process.execPath, [join(workspaceRoot, 'tools/scripts/start.mjs')], {
    cwd: workspaceRoot,
    // The load below comes from one address and one token: keep the limits out of its way.
    env: { ...process.env, NO_COLOR: '1', GATEWAY_RATE_LIMIT_STANDARD: '100000000/60' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (/\] ready in /.test(output)) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`npm start exited (${code}) before it was ready:\n${output.slice(-2000)}`)),
    );
  });
  child.stdout.resume();
  return { child, readyMs: performance.now() - startedAt };
}

async function main() {
  const { child, readyMs } = await startPlatform();
  try {
    const apps = appsOf(child.pid);
    await sleep(Number(values.idle) * 1000);
    const idle = new Map(apps.map((app) => [app.pid, rssMiB(app.pid)]));

    const authorization = await login(gateway, {
      email: process.env.ADMIN_EMAIL,
      password: process.env.ADMIN_PASSWORD,
    });
    const meResponse = await fetch(`${gateway}/api/v1/users/me`, { headers: { authorization } });
    if (!meResponse.ok) throw new Error(`GET /api/v1/users/me: ${meResponse.status} ${await meResponse.text()}`);
    const me = await meResponse.json();
    const result = await autocannon({
      url: `${gateway}/api/v1/users/${me.id}`,
      headers: { authorization, 'cache-control': 'no-cache' },
      connections: Number(values.connections),
      duration: Number(values.seconds),
    });
    const loaded = new Map(apps.map((app) => [app.pid, rssMiB(app.pid)]));

    console.log(`Node ${process.versions.node}: npm start to ready ${(readyMs / 1000).toFixed(1)} s`);
    console.log(
      `load: ${values.seconds} s, ${Math.round(result.requests.average)} req/s, ${result.non2xx + result.errors} failed`,
    );
    console.log('app      RSS idle (MiB)   RSS after load (MiB)');
    for (const app of apps) {
      console.log(
        `${app.name.padEnd(8)} ${idle.get(app.pid).toFixed(0).padStart(14)}   ${loaded.get(app.pid).toFixed(0).padStart(20)}`,
      );
    }
  } finally {
    child.kill('SIGINT');
    await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
