import { freePort, ManagedProcess, parsePrometheusText, sampleValue, waitFor } from '@platform/testing';
import { createServer, type Server } from 'node:http';
import { startPlatform, type Platform } from './support/platform';
import { expectProblem, http } from './support/http';

/** Settings that make health checks, ejection and the breaker act within a test's patience. */
const FAST_TRAFFIC = {
  GATEWAY_HEALTH_CHECK_INTERVAL_MS: '500',
  GATEWAY_HEALTH_CHECK_TIMEOUT_MS: '400',
  GATEWAY_EJECTION_CONSECUTIVE_FAILURES: '3',
  GATEWAY_EJECTION_BASE_MS: '1000',
  GATEWAY_EJECTION_MAX_MS: '4000',
  GATEWAY_BREAKER_CONSECUTIVE_FAILURES: '3',
  GATEWAY_BREAKER_HALF_OPEN_AFTER_MS: '1000',
  // Every read must reach an instance: the response cache would answer repeats itself.
  GATEWAY_CACHE_MAX_MB: '0',
};

async function metricsOf(baseUrl: string): Promise<string[]> {
  return parsePrometheusText(await (await fetch(`${baseUrl}/metrics`)).text()).samples;
}

/** GETs of one user a user instance has answered, from its own /metrics (on its management port). */
async function answeredGets(managementUrl: string): Promise<number> {
  return (
    sampleValue(
      await metricsOf(managementUrl),
      'http_requests_total{',
      'method="GET"',
      'route="/v1/users/:id"',
      'status="200"',
    ) ?? 0
  );
}

/** Sends `perSecond` requests a second for `seconds` (not waiting for answers), and collects the statuses. */
async function steadyLoad(
  perSecond: number,
  seconds: number,
  send: () => Promise<number>,
  during?: (second: number) => void,
): Promise<number[]> {
  const pending: Promise<number>[] = [];
  for (let tick = 0; tick < perSecond * seconds; tick++) {
    if (tick % perSecond === 0) during?.(tick / perSecond);
    pending.push(send().catch(() => -1));
    await new Promise((resolve) => setTimeout(resolve, 1000 / perSecond));
  }
  return Promise.all(pending);
}

describe('traffic: several instances per upstream', () => {
  let platform: Platform;
  let second: { process: ManagedProcess; url: string; managementUrl: string };
  /** The second users instance's own public and management ports. */
  let secondPorts: Record<string, string>;
  let gateway: ManagedProcess;
  let gatewayUrl: string;
  /** The gateway's management port: metrics and the detailed readiness. */
  let gatewayManagementUrl: string;
  let userPath: string;

  const startSecondUsers = () => platform.startApp('users', secondPorts);

  beforeAll(async () => {
    platform = await startPlatform();
    const [port, managementPort] = [await freePort(), await freePort()];
    secondPorts = { USERS_PORT: String(port), USERS_MANAGEMENT_PORT: String(managementPort) };
    second = {
      process: startSecondUsers(),
      url: `http://127.0.0.1:${port}`,
      managementUrl: `http://127.0.0.1:${managementPort}`,
    };
    const [gatewayPort, gatewayManagementPort] = [await freePort(), await freePort()];
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    gatewayManagementUrl = `http://127.0.0.1:${gatewayManagementPort}`;
    gateway = platform.startApp('gateway', {
      ...FAST_TRAFFIC,
      GATEWAY_PORT: String(gatewayPort),
      GATEWAY_MANAGEMENT_PORT: String(gatewayManagementPort),
      GATEWAY_USERS_URL: `${platform.usersUrl},${second.url}`,
    });
    await Promise.all([
      second.process.waitUntilReady(`${second.url}/health/ready`),
      gateway.waitUntilReady(`${gatewayUrl}/health/ready`),
    ]);
    const user = await platform.asAdmin('POST', '/api/v1/users', { email: 'spread@example.com', name: 'Spread' });
    userPath = `/api/v1/users/${user.body.id}`;
    // Both instances must have passed a probe before the counts mean anything.
    await waitFor(
      async () =>
        (await http(gatewayManagementUrl, 'GET', '/health/ready')).body.details.upstreamInstances.users.instances.every(
          (i: { state: string }) => i.state === 'healthy',
        ),
      5_000,
      'both users instances healthy',
    );
  }, 90_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('spreads requests over both users instances, and lists them in readiness', async () => {
    const before = await Promise.all([answeredGets(platform.managementUrls.users), answeredGets(second.managementUrl)]);
    for (let i = 0; i < 40; i++)
      expect((await platform.asAdmin('GET', userPath, undefined, {}, gatewayUrl)).status).toBe(200);
    const after = await Promise.all([answeredGets(platform.managementUrls.users), answeredGets(second.managementUrl)]);
    const served = [after[0] - before[0], after[1] - before[1]];
    expect(served[0] + served[1]).toBe(40);
    // Sequential requests tie on in-flight count, so round robin decides: an even split.
    expect(Math.min(...served)).toBeGreaterThanOrEqual(15);

    // The public port says ready and nothing else: instances and circuits are for operators.
    const verdict = await http(gatewayUrl, 'GET', '/health/ready');
    expect(verdict.status).toBe(200);
    expect(verdict.body).toEqual({ status: 'ok' });
    const ready = await http(gatewayManagementUrl, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details.upstreams).toMatchObject({ users: 'up', auth: 'up' });
    expect(ready.body.details.upstreamInstances.users).toMatchObject({
      circuit: 'closed',
      instances: [
        { id: 'users#0', state: 'healthy', live: 'up', ready: 'up' },
        { id: 'users#1', state: 'healthy', live: 'up', ready: 'up' },
      ],
    });
    expect(ready.text).not.toContain('127.0.0.1');
  });

  it('refuses a request head over the limit with 431', async () => {
    const response = await fetch(`${gatewayUrl}/health/live`, { headers: { 'x-padding': 'a'.repeat(20_000) } });
    expect(response.status).toBe(431);
  });

  it('loses no GET when one users instance is SIGKILLed under steady load', async () => {
    const headers = await platform.adminHeaders();
    const statuses = await steadyLoad(
      50,
      12,
      async () => (await fetch(`${gatewayUrl}${userPath}`, { headers })).status,
      (secondsIn) => secondsIn === 3 && second.process.kill('SIGKILL'),
    );
    expect(await second.process.waitForExit()).toBeNull();
    const failed = statuses.filter((status) => status !== 200);
    expect({ requests: statuses.length, failed }).toEqual({ requests: 600, failed: [] });

    const samples = await metricsOf(gatewayManagementUrl);
    // The dead instance is out of rotation. Whether requests met it first (then retried on the
    // other instance and ejected) or the health check saw it first is a race the test does not
    // fix; the unit tests cover retry and ejection. Either way, no client saw an error.
    const retried = sampleValue(samples, 'gateway_upstream_retries_total{', 'upstream="users"', 'result="sent"') ?? 0;
    const ejected = sampleValue(samples, 'gateway_upstream_ejections_total{', 'endpoint="users#1"') ?? 0;
    if (ejected > 0) expect(retried).toBeGreaterThanOrEqual(1);
    expect(sampleValue(samples, 'gateway_upstream_endpoint_state{', 'endpoint="users#1"', 'state="healthy"')).toBe(0);
    expect(sampleValue(samples, 'gateway_upstream_endpoint_state{', 'endpoint="users#0"', 'state="healthy"')).toBe(1);
    const ready = await http(gatewayManagementUrl, 'GET', '/health/ready');
    expect(ready.body.details.upstreamInstances.users.instances[1]).toMatchObject({ id: 'users#1', live: 'down' });
  }, 40_000);

  it('opens the circuit when every users instance is down (fast 503 with Retry-After), and closes it once they are back', async () => {
    const headers = await platform.adminHeaders();
    platform.processes.users.kill('SIGKILL');
    await platform.processes.users.waitForExit();
    const get = () => http(gatewayUrl, 'GET', userPath, undefined, headers);
    for (let i = 0; i < 6; i++) expectProblem(await get(), 503);
    const open = sampleValue(
      await metricsOf(gatewayManagementUrl),
      'gateway_upstream_circuit_state{',
      'upstream="users"',
      'state="open"',
    );
    expect(open).toBe(1);
    const started = Date.now();
    const fast = await get();
    expect(Date.now() - started).toBeLessThan(500);
    expectProblem(fast, 503);
    expect(fast.body).toMatchObject({ type: 'urn:problem-type:upstream-unavailable', instance: userPath });
    expect(Number(fast.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Auth is another upstream with its own circuit: still served.
    expect((await http(gatewayUrl, 'POST', '/api/v1/auth/login', platform.admin)).status).toBe(200);

    const first = platform.startApp('users');
    second.process = startSecondUsers();
    await Promise.all([
      first.waitUntilReady(`${platform.usersUrl}/health/ready`),
      second.process.waitUntilReady(`${second.url}/health/ready`),
    ]);
    await waitFor(async () => (await get()).status === 200, 15_000, 'users served through the gateway again');
    const samples = await metricsOf(gatewayManagementUrl);
    expect(sampleValue(samples, 'gateway_upstream_circuit_state{', 'upstream="users"', 'state="closed"')).toBe(1);
    expect(
      sampleValue(samples, 'gateway_upstream_circuit_transitions_total{', 'upstream="users"', 'state="open"'),
    ).toBeGreaterThanOrEqual(1);
  }, 60_000);

  describe('graceful shutdown', () => {
    let slowUpstream: Server;

    afterAll(async () => {
      await new Promise((resolve) => slowUpstream?.close(resolve));
    });

    it('lets an in-flight request finish after SIGTERM, then exits, its management server with it', async () => {
      slowUpstream = createServer((request, response) => {
        const answer = () =>
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: request.url }));
        if (request.url?.startsWith('/health/')) answer();
        else setTimeout(answer, 2_000);
      });
      const slowPort = await freePort();
      await new Promise<void>((resolve) => slowUpstream.listen(slowPort, '127.0.0.1', resolve));
      const [port, managementPort] = [await freePort(), await freePort()];
      const url = `http://127.0.0.1:${port}`;
      const managementUrl = `http://127.0.0.1:${managementPort}`;
      const draining = platform.startApp('gateway', {
        GATEWAY_PORT: String(port),
        GATEWAY_MANAGEMENT_PORT: String(managementPort),
        GATEWAY_AUTH_URL: `http://127.0.0.1:${slowPort}`,
        GATEWAY_SHUTDOWN_DRAIN_MS: '5000',
      });
      await draining.waitUntilReady(`${url}/health/live`);
      expect((await fetch(`${managementUrl}/health/ready`)).status).toBe(200);

      const inFlight = http(url, 'GET', '/api/v1/auth/slow');
      await new Promise((resolve) => setTimeout(resolve, 500));
      const signalledAt = Date.now();
      draining.kill('SIGTERM');
      // While it drains, its management port says not ready and still serves metrics.
      await waitFor(
        async () => (await fetch(`${managementUrl}/health/ready`)).status === 503,
        1_000,
        'the management readiness to turn 503',
      );
      expect((await fetch(`${managementUrl}/metrics`)).status).toBe(200);
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ path: '/v1/auth/slow' });
      await draining.waitForExit(5_000);
      expect(Date.now() - signalledAt).toBeLessThan(5_000);
      await expect(fetch(`${url}/health/live`)).rejects.toThrow();
      await expect(fetch(`${managementUrl}/health/live`)).rejects.toThrow();
    }, 30_000);
  });
});
