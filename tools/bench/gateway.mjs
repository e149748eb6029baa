#!/usr/bin/env node
// What the gateway costs, in one run. Not a test. Needs the built apps (npx nx run-many -t build),
// PostgreSQL and RabbitMQ; starts everything it measures itself and removes it afterwards.
//
//   1. GET /v1/users/:id straight to one users instance (no gateway);
//   2. the same through the gateway with every policy on: token verification, rate limit (a limit
//      high enough never to answer 429, so it counts every request), request log line; the
//      response cache bypassed (the client sends Cache-Control: no-cache);
//   3. the same through the gateway, answered from its cache;
//   4. a trivial upstream (one small JSON answer) behind the gateway (same policies), next to the
//      same upstream behind a plain Fastify + @fastify/http-proxy proxy: the bare cost of a hop.
// Prints req/s, p50/p99 and the CPU the serving processes used per request, then the ratios 2/1,
// 3/1 and 4's gateway/plain proxy.
//
// Cores: the machine has two. The load generator (autocannon, in this process) is pinned to CPU 0
// and every server process to CPU 1 (taskset), so a scenario's throughput is what one core of
// servers delivers and the generator never steals from them. PostgreSQL and RabbitMQ are not
// pinned. --no-pin leaves scheduling to the kernel.
import autocannon from 'autocannon';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDotEnv, workspaceRoot } from '../scripts/lib/env.mjs';
import { cpuMs, freePort, startApp, startPlatform } from './lib/bench-platform.mjs';

loadDotEnv();
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    'no-pin': { type: 'boolean', default: false },
    /** Write a V8 CPU profile of the gateway (of scenarios 2 and 3) into this directory. */
    profile: { type: 'string' },
    /** Only these scenarios (comma-separated numbers), e.g. to profile one. */
    only: { type: 'string', default: '1,2,3,4' },
    /** Repeat every scenario this many times, interleaved; figures are the medians. */
    rounds: { type: 'string', default: '1' },
  },
});
const DURATION = Number(values.duration);
const WARMUP = Number(values.warmup);
const CONNECTIONS = Number(values.connections);
const PIN = !values['no-pin'] && spawnSync('taskset', ['-cp', '0', String(process.pid)]).status === 0;
const SERVER_CPUS = PIN ? '1' : undefined;
const ONLY = new Set(values.only.split(',').map((n) => n.trim()));
const ROUNDS = Number(values.rounds);
/** Every policy on, and the limit out of the way: counted, never reached. */
const POLICY_ENV = { LOG_LEVEL: 'log', LOG_FORMAT: 'json', GATEWAY_RATE_LIMIT_STANDARD: '100000000/60' };

/** A helper process (upstream, plain proxy) on the server CPU. */
function startScript(script, args) {
  const [command, prefix] = SERVER_CPUS ? ['taskset', ['-c', SERVER_CPUS, process.execPath]] : [process.execPath, []];
  const child = spawn(command, [...prefix, join(workspaceRoot, 'tools/bench/lib', script), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  return { pid: () => child.pid, stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM')))) };
}

async function untilAnswers(url, headers = {}) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const response = await fetch(url, { headers }).catch(() => undefined);
    if (response && response.status < 500) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within 30 s`);
}

/** Warm-up, then the measured run; CPU per request of `servers` (functions returning CPU ms). */
async function measure(name, url, headers, servers) {
  await autocannon({ url, headers, connections: CONNECTIONS, duration: WARMUP });
  const before = servers.map((cpu) => cpu());
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION });
  const each = servers.map((current, i) => ((current() - before[i]) * 1000) / result.requests.total);
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) console.warn(`  ${name}: ${failed} of ${result.requests.total} requests failed or were not 2xx`);
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpuUs: each.reduce((sum, us) => sum + us, 0), each };
}

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Each scenario's median over the rounds (req/s, latency, CPU), then the ratios of the medians. */
function report(results) {
  console.log(`${CONNECTIONS} connections, ${DURATION} s each after ${WARMUP} s of warm-up, ${ROUNDS} round(s), medians; ${PIN ? 'load generator on CPU 0, servers on CPU 1' : 'not pinned'}`);
  const by = {};
  for (const key of [...new Set(results.map((r) => r.key))]) {
    const runs = results.filter((r) => r.key === key);
    const r = { name: runs[0].name, rps: median(runs.map((x) => x.rps)), p50: median(runs.map((x) => x.p50)), p99: median(runs.map((x) => x.p99)), cpuUs: median(runs.map((x) => x.cpuUs)) };
    const each = runs[0].each.map((_, i) => median(runs.map((x) => x.each[i])));
    const spread = runs.length > 1 ? `  [${runs.map((x) => fmt(x.rps)).join(', ')}]` : '';
    console.log(`${r.name.padEnd(34)} ${fmt(r.rps).padStart(7)} req/s   p50 ${fmt(r.p50, 1).padStart(6)} ms   p99 ${fmt(r.p99, 1).padStart(6)} ms   servers' CPU ${fmt(r.cpuUs).padStart(5)} µs/req (${each.map((us) => fmt(us)).join(' + ')})${spread}`);
    by[key] = r;
  }
  const ratio = (label, a, b, target) => a && b && console.log(`${label.padEnd(42)} ${fmt(a.rps / b.rps, 2)}   target ${target}`);
  ratio('2/1 (gateway with every policy ÷ direct):', by['2'], by['1'], '≥ 0.75');
  ratio('3/1 (gateway cache hit ÷ direct):', by['3'], by['1'], '≥ 3');
  ratio('4   (gateway hop ÷ plain proxy hop):', by['4a'], by['4b'], '≥ 1.0');
}

async function main() {
  const nodeArgs = values.profile ? { gateway: ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] } : {};
  // An hour-long token, so several rounds run on one login.
  const platform = await startPlatform(POLICY_ENV, { cpus: SERVER_CPUS, nodeArgs, env: { auth: { AUTH_ACCESS_TOKEN_TTL_S: '3600' } } });
  const extras = [];
  try {
    const authorization = platform.authorization;
    const seed = await fetch(`${platform.gatewayUrl}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ email: `bench-${Date.now()}@example.com`, name: 'Bench' }),
    }).then((response) => response.json());
    const users = () => platform.cpuOf('users');
    const gateway = () => platform.cpuOf('gateway');
    const results = [];
    const run = async (key, ...args) => ONLY.has(key[0]) && results.push({ key, ...(await measure(...args)) });
    const viaGateway = `${platform.gatewayUrl}/api/v1/users/${seed.id}`;
    const trivialPath = '/api/v1/users/0b9f1f9e-3c1a-4bde-9d1e-6f1c2b1e8a55';
    const [upstreamPort, gatewayPort, plainPort] = [await freePort(), await freePort(), await freePort()];
    let hop, upstreamCpu, plainCpu;
    if (ONLY.has('4')) {
      const upstream = startScript('trivial-upstream.mjs', [String(upstreamPort)]);
      const plain = startScript('plain-proxy.mjs', [String(plainPort), `http://127.0.0.1:${upstreamPort}`]);
      hop = startApp(
        'gateway',
        { ...POLICY_ENV, HOST: '127.0.0.1', NODE_ENV: 'production', GATEWAY_PORT: String(gatewayPort), GATEWAY_USERS_URL: `http://127.0.0.1:${upstreamPort}`, GATEWAY_AUTH_URL: platform.authUrl, DOCS_ENABLED: 'false' },
        { cpus: SERVER_CPUS, nodeArgs: nodeArgs.gateway },
      );
      extras.push(upstream, plain, hop);
      await Promise.all([untilAnswers(`http://127.0.0.1:${plainPort}${trivialPath}`), hop.ready(`http://127.0.0.1:${gatewayPort}/health/live`)]);
      upstreamCpu = () => cpuMs(upstream.pid());
      plainCpu = () => cpuMs(plain.pid());
    }
    // Rounds interleave the scenarios, so a slow minute of the machine touches all of them.
    for (let round = 0; round < ROUNDS; round++) {
      await run('1', '1 users, direct', `${platform.usersUrl}/v1/users/${seed.id}`, { authorization }, [users]);
      await run('2', '2 gateway, policies, no cache', viaGateway, { authorization, 'cache-control': 'no-cache' }, [users, gateway]);
      await run('3', '3 gateway, cache hit', viaGateway, { authorization }, [users, gateway]);
      await run('4a', '4a trivial upstream, via gateway', `http://127.0.0.1:${gatewayPort}${trivialPath}`, { authorization, 'cache-control': 'no-cache' }, [() => hop.cpuMs(), upstreamCpu]);
      await run('4b', '4b trivial upstream, plain proxy', `http://127.0.0.1:${plainPort}${trivialPath}`, {}, [plainCpu, upstreamCpu]);
    }
    report(results);
  } finally {
    await Promise.all(extras.map((extra) => extra.stop()));
    await platform.stop();
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
