#!/usr/bin/env node
// What the gateway costs, in one run. Not a test. Needs the built apps (npx nx run-many -t build),
// PostgreSQL and RabbitMQ; starts everything it measures itself and removes it afterwards.
//
//   1. GET /v1/users/:id straight to one users instance (no gateway);
//   2. the same through the gateway with every policy on: token verification, rate limit (a limit
//      high enough never to answer 429, so it counts every request), request log line; the
//      response cache bypassed (the client sends Cache-Control: no-cache);
//   2p. the same through the plain proxy of 4 (no policy at all), for reference: what any Node hop
//      in front of users costs on this core, so 2/2p is the price of the policies there;
//   3. the same through the gateway, answered from its cache;
//   4. a trivial upstream (one small JSON answer) behind the gateway (same policies), next to the
//      same upstream behind a plain Fastify + @fastify/http-proxy proxy: the bare cost of a hop.
// Prints req/s, p50/p99 and the CPU the serving processes used per request, then the ratios 2/1,
// 2/2p, 3/1 and 4's gateway/plain proxy (and 2p/1 for reference).
//
// Cores: the machine has two. The load generator (autocannon, in this process) is pinned to CPU 0
// and every server process to CPU 1 (taskset), so a scenario's throughput is what one core of
// servers delivers and the generator never steals from them. PostgreSQL and RabbitMQ are not
// pinned. --no-pin leaves scheduling to the kernel.
//
// --node <path to another node binary> prices a runtime change side by side: a second set of every
// server above runs on that binary (set B; set A runs on the Node running this script), the two
// sets' slices interleave in the same cycles, and the report ends with B ÷ A for each scenario.
//   npm run bench:gateway -- --node /usr/bin/node
import '../scripts/lib/require-node.mjs'; // first: one clear line on a Node too old to run the rest
import autocannon from 'autocannon';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDotEnv, workspaceRoot } from '../scripts/lib/env.mjs';
import { cpuMs, freePort, nodeCommand, startApp, startPlatform } from './lib/bench-platform.mjs';

loadDotEnv();
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    'no-pin': { type: 'boolean', default: false },
    /** Write V8 CPU profiles of the gateways and the plain proxy into this directory. */
    profile: { type: 'string' },
    /** Only these scenarios (comma-separated numbers), e.g. to profile one. */
    only: { type: 'string', default: '1,2,3,4' },
    /** Seconds each scenario runs before the next one's turn (see measureInterleaved). */
    slice: { type: 'string', default: '1' },
    /** A second Node binary: every scenario runs again with its servers on it, interleaved. */
    node: { type: 'string' },
  },
});
const DURATION = Number(values.duration);
const WARMUP = Number(values.warmup);
const CONNECTIONS = Number(values.connections);
const PIN = !values['no-pin'] && spawnSync('taskset', ['-cp', '0', String(process.pid)]).status === 0;
const SERVER_CPUS = PIN ? '1' : undefined;
const ONLY = new Set(values.only.split(',').map((n) => n.trim()));
const SLICE = Number(values.slice);
/** Every policy on, and the limit out of the way: counted, never reached. */
const POLICY_ENV = { LOG_LEVEL: 'log', LOG_FORMAT: 'json', GATEWAY_RATE_LIMIT_STANDARD: '100000000/60' };

/** A helper process (upstream, plain proxy) on the server CPU. */
function startScript(script, args, nodeArgs = [], node = process.execPath) {
  const [command, prefix] = nodeCommand(node, SERVER_CPUS);
  const child = spawn(command, [...prefix, ...nodeArgs, join(workspaceRoot, 'tools/bench/lib', script), ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return {
    pid: () => child.pid,
    stop: () =>
      new Promise((resolve) =>
        child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM')),
      ),
  };
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

/** Time at each end of a slice's run left out of its figures: connecting, and the cut at its end. */
const EDGE_S = 0.3;

/**
 * One slice of a scenario: autocannon runs for SLICE seconds plus EDGE_S at each end, and only the
 * responses, latencies and server CPU of the middle SLICE seconds count. Its start (32 connections
 * being opened) and its end (autocannon cutting 32 connections with requests in flight, which the
 * gateway then cancels upstream, closing pool connections it must open again) are left out: with
 * 1 s slices and the 40 ms latencies of scenario 2 they otherwise weigh on every figure.
 */
function measureSlice(scenario) {
  return new Promise((resolve, reject) => {
    const window = { responses: 0, failed: 0, latencies: [], cpuMs: [], seconds: 0 };
    let counting = false;
    let before, startedAt;
    const instance = autocannon(
      { url: scenario.url, headers: scenario.headers, connections: CONNECTIONS, duration: SLICE + 2 * EDGE_S },
      (error) => (error ? reject(error) : resolve(window)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (!counting) return;
      window.responses++;
      if (statusCode >= 400) window.failed++;
      window.latencies.push(responseTime);
    });
    setTimeout(() => {
      before = scenario.servers.map((cpu) => cpu());
      startedAt = performance.now();
      counting = true;
    }, EDGE_S * 1000);
    setTimeout(
      () => {
        counting = false;
        window.seconds = (performance.now() - startedAt) / 1000;
        window.cpuMs = scenario.servers.map((cpu, i) => cpu() - before[i]);
      },
      (EDGE_S + SLICE) * 1000,
    );
  });
}

/**
 * Runs every scenario in turn, one slice at a time, until each has had DURATION seconds (after one
 * warm-up each). This VM's speed moves a lot: one proxy alone, measured second by second, served
 * from 1,500 to 7,300 requests per CPU-second. Back-to-back 10 s runs gave ratios from 0.5 to 1.2;
 * in slices of a second, a slow spell touches every scenario of a cycle alike. A scenario's figures
 * are its totals (requests and server CPU summed over its slices); p50/p99 over all its latencies.
 */
async function measureInterleaved(scenarios) {
  // Each cycle runs the scenarios in a new order: work a slice leaves behind (a garbage collection,
  // a log flush, the cache-hit scenario's thousands of requests) lands on whatever runs next, and a
  // fixed order would always hand it to the same scenario (4a, after 3).
  for (const scenario of scenarios)
    await autocannon({ url: scenario.url, headers: scenario.headers, connections: CONNECTIONS, duration: WARMUP });
  const totals = scenarios.map((scenario) => ({
    ...scenario,
    requests: 0,
    seconds: 0,
    failed: 0,
    cpuMs: scenario.servers.map(() => 0),
    latencies: [],
    slices: [],
  }));
  const random = seededRandom(1);
  for (let cycle = 0; cycle < Math.round(DURATION / SLICE); cycle++) {
    for (const total of shuffled(totals, random)) {
      const window = await measureSlice(total);
      window.cpuMs.forEach((ms, i) => (total.cpuMs[i] += ms));
      total.requests += window.responses;
      total.seconds += window.seconds;
      total.failed += window.failed;
      for (const latency of window.latencies) total.latencies.push(latency);
      total.slices[cycle] = window.responses / window.seconds;
    }
  }
  return totals.map((total) => {
    if (total.failed > 0)
      console.warn(`  ${total.name}: ${total.failed} of ${total.requests} requests were not 2xx/3xx`);
    const each = total.cpuMs.map((ms) => (ms * 1000) / total.requests);
    const latencies = total.latencies.sort((x, y) => x - y);
    const percentile = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
    return {
      key: total.key,
      set: total.set,
      name: total.name,
      rps: total.requests / total.seconds,
      slices: total.slices,
      p50: percentile(0.5),
      p99: percentile(0.99),
      cpuUs: each.reduce((sum, us) => sum + us, 0),
      each,
    };
  });
}

/** The same order of cycles in every run, so two runs differ only by what they measure. */
function seededRandom(seed) {
  let state = seed;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function shuffled(items, random) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Median over the cycles of a's slice rate ÷ b's, with the middle half of them. */
function sliceRatio(a, b) {
  const each = a.slices.map((rps, i) => rps / b.slices[i]).sort((x, y) => x - y);
  const quartile = (q) => each[Math.floor(q * (each.length - 1))];
  return { median: median(each), low: quartile(0.25), high: quartile(0.75), cycles: each.length };
}

function report(results, sets) {
  console.log(
    `${CONNECTIONS} connections, ${DURATION} s per scenario in ${SLICE} s slices, interleaved, after ${WARMUP} s of warm-up; ${PIN ? 'load generator on CPU 0, servers on CPU 1' : 'not pinned'}`,
  );
  const label = (set) => (sets.length > 1 ? `[${set.tag} Node ${set.version}] ` : '');
  for (const r of results) {
    console.log(
      `${(label(r.set) + r.name).padEnd(sets.length > 1 ? 54 : 34)} ${fmt(r.rps).padStart(7)} req/s   p50 ${fmt(r.p50, 1).padStart(6)} ms   p99 ${fmt(r.p99, 1).padStart(6)} ms   servers' CPU ${fmt(r.cpuUs).padStart(5)} µs/req (${r.each.map((us) => fmt(us)).join(' + ')})`,
    );
  }
  // A ratio compares slices run a few seconds apart: the median over the cycles, with the middle
  // half of them, since even adjacent seconds of this VM can differ by a factor of two.
  for (const set of sets) {
    const by = Object.fromEntries(results.filter((r) => r.set === set).map((r) => [r.key, r]));
    if (sets.length > 1) console.log(`ratios on Node ${set.version} (${set.tag}, ${set.node}):`);
    const ratio = (text, a, b, target) => {
      if (!by[a] || !by[b]) return;
      const r = sliceRatio(by[a], by[b]);
      console.log(
        `${text.padEnd(42)} ${fmt(r.median, 2)}   ${target ? `target ${target}` : '             '}   (middle half of ${r.cycles} cycles: ${fmt(r.low, 2)}-${fmt(r.high, 2)})`,
      );
    };
    ratio('2/1 (gateway with every policy ÷ direct):', '2', '1', '≥ 0.75');
    ratio('2/2p (gateway ÷ plain proxy, before users):', '2', '2p', '≥ 1.0');
    ratio('2p/1 (plain proxy ÷ direct, for reference):', '2p', '1');
    ratio('3/1 (gateway cache hit ÷ direct):', '3', '1', '≥ 3');
    ratio('4   (gateway hop ÷ plain proxy hop):', '4a', '4b', '≥ 1.0');
  }
  if (sets.length < 2) return;
  // The same scenario on both binaries, slice by slice: what the runtime alone changes.
  const [a, b] = sets;
  console.log(
    `Node ${b.version} ÷ Node ${a.version}, same scenario (req/s: median of cycles, middle half; servers' CPU per request: totals):`,
  );
  for (const rb of results.filter((r) => r.set === b)) {
    const ra = results.find((r) => r.set === a && r.key === rb.key);
    const r = sliceRatio(rb, ra);
    console.log(
      `  ${rb.name.padEnd(34)} req/s ${fmt(r.median, 2)} (${fmt(r.low, 2)}-${fmt(r.high, 2)})   CPU/req ${fmt(rb.cpuUs / ra.cpuUs, 2)}`,
    );
  }
}

/** The binary's version, e.g. 24.21.0, so the report says which Node each set ran on. */
const versionOf = (node) => spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();

/**
 * One set of servers on `node`: a platform, the plain proxy in front of its users, the trivial
 * upstream with a gateway and a plain proxy in front of it. Returns the scenarios that measure
 * them and stop(). With --node, two sets run side by side and their slices interleave.
 */
async function startSet(set, nodeArgs) {
  const { node, tag } = set;
  // An hour-long token, so a long run needs one login.
  const platform = await startPlatform(POLICY_ENV, {
    cpus: SERVER_CPUS,
    node,
    nodeArgs,
    env: { auth: { AUTH_ACCESS_TOKEN_TTL_S: '3600' } },
  });
  const extras = [];
  const stop = async () => {
    await Promise.all(extras.map((extra) => extra.stop()));
    await platform.stop();
  };
  try {
    const authorization = platform.authorization;
    const seed = await fetch(`${platform.gatewayUrl}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ email: `bench-${Date.now()}-${tag}@example.com`, name: 'Bench' }),
    }).then((response) => response.json());
    const users = () => platform.cpuOf('users');
    const gateway = () => platform.cpuOf('gateway');
    const viaGateway = `${platform.gatewayUrl}/api/v1/users/${seed.id}`;
    const trivialPath = '/api/v1/users/0b9f1f9e-3c1a-4bde-9d1e-6f1c2b1e8a55';
    const [upstreamPort, gatewayPort, gatewayManagementPort, plainPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    let hop, upstreamCpu, plainCpu, plainUsersCpu, plainUsersPort;
    if (ONLY.has('2')) {
      plainUsersPort = await freePort();
      const plainUsers = startScript(
        'plain-proxy.mjs',
        [String(plainUsersPort), platform.usersUrl],
        nodeArgs.gateway,
        node,
      );
      extras.push(plainUsers);
      await untilAnswers(`http://127.0.0.1:${plainUsersPort}/api/v1/users/${seed.id}`);
      plainUsersCpu = () => cpuMs(plainUsers.pid());
    }
    if (ONLY.has('4')) {
      const upstream = startScript('trivial-upstream.mjs', [String(upstreamPort)], [], node);
      const plain = startScript(
        'plain-proxy.mjs',
        [String(plainPort), `http://127.0.0.1:${upstreamPort}`],
        nodeArgs.gateway,
        node,
      );
      hop = startApp(
        'gateway',
        {
          ...POLICY_ENV,
          HOST: '127.0.0.1',
          NODE_ENV: 'production',
          GATEWAY_PORT: String(gatewayPort),
          GATEWAY_MANAGEMENT_PORT: String(gatewayManagementPort),
          GATEWAY_USERS_URL: `http://127.0.0.1:${upstreamPort}`,
          GATEWAY_AUTH_URL: platform.authUrl,
          DOCS_ENABLED: 'false',
        },
        { cpus: SERVER_CPUS, nodeArgs: nodeArgs.gateway, node },
      );
      extras.push(upstream, plain, hop);
      await Promise.all([
        untilAnswers(`http://127.0.0.1:${plainPort}${trivialPath}`),
        hop.ready(`http://127.0.0.1:${gatewayPort}/health/live`),
      ]);
      upstreamCpu = () => cpuMs(upstream.pid());
      plainCpu = () => cpuMs(plain.pid());
    }
    const scenarios = [
      {
        key: '1',
        name: '1 users, direct',
        url: `${platform.usersUrl}/v1/users/${seed.id}`,
        headers: { authorization },
        servers: [users],
      },
      {
        key: '2',
        name: '2 gateway, policies, no cache',
        url: viaGateway,
        headers: { authorization, 'cache-control': 'no-cache' },
        servers: [users, gateway],
      },
      {
        key: '2p',
        name: '2p plain proxy, no policy',
        url: `http://127.0.0.1:${plainUsersPort}/api/v1/users/${seed.id}`,
        headers: { authorization, 'cache-control': 'no-cache' },
        servers: [users, plainUsersCpu],
      },
      {
        key: '3',
        name: '3 gateway, cache hit',
        url: viaGateway,
        headers: { authorization },
        servers: [users, gateway],
      },
      {
        key: '4a',
        name: '4a trivial upstream, via gateway',
        url: `http://127.0.0.1:${gatewayPort}${trivialPath}`,
        headers: { authorization, 'cache-control': 'no-cache' },
        servers: [() => hop.cpuMs(), upstreamCpu],
      },
      {
        key: '4b',
        name: '4b trivial upstream, plain proxy',
        url: `http://127.0.0.1:${plainPort}${trivialPath}`,
        headers: { authorization, 'cache-control': 'no-cache' },
        servers: [plainCpu, upstreamCpu],
      },
    ].filter((scenario) => ONLY.has(scenario.key[0]));
    return { scenarios: scenarios.map((scenario) => ({ ...scenario, set })), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function main() {
  const nodeArgs = values.profile ? { gateway: ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] } : {};
  const sets = [{ tag: 'A', node: process.execPath }];
  if (values.node) sets.push({ tag: 'B', node: values.node });
  for (const set of sets) set.version = versionOf(set.node);
  const started = [];
  try {
    for (const set of sets) started.push(await startSet(set, nodeArgs));
    const results = await measureInterleaved(started.flatMap((one) => one.scenarios));
    report(results, sets);
  } finally {
    for (const one of started) await one.stop();
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
