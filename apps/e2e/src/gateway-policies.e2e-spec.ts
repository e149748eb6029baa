import { deleteBrokerObjects, freePort, parsePrometheusText, uniqueName, waitFor } from '@platform/testing';
import { startPlatform, type Platform } from './support/platform';
import { expectProblem, http } from './support/http';
import { registerAndLogin, type Session } from './support/sessions';

const STANDARD_LIMIT = 20;

/** GET requests users has served for one user (by id or /me), from its Prometheus counters. */
async function usersReadsServed(platform: Platform): Promise<number> {
  const { samples } = parsePrometheusText((await http(platform.managementUrls.users, 'GET', '/metrics')).text);
  return samples
    .filter(
      (line) =>
        line.startsWith('http_requests_total{') &&
        line.includes('method="GET"') &&
        /route="\/v1\/users\/(:id|me)"/.test(line),
    )
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** Waits until a gateway consumes its invalidation events (its management port's readiness says so): before that it bypasses its cache. */
async function cacheInUse(managementUrl: string): Promise<void> {
  await waitFor(
    async () => (await http(managementUrl, 'GET', '/health/ready')).body.details?.policies?.cache?.state === 'in use',
    15_000,
    'the cache in use',
  );
}

describe('gateway policies: rate limits and response cache', () => {
  let platform: Platform;
  const me = (session: Session, headers: Record<string, string> = {}, base = platform.gatewayUrl) =>
    http(base, 'GET', '/api/v1/users/me', undefined, { ...session.auth, ...headers });

  beforeAll(async () => {
    platform = await startPlatform({ env: { gateway: { GATEWAY_RATE_LIMIT_STANDARD: `${STANDARD_LIMIT}/60s` } } });
    await cacheInUse(platform.managementUrls.gateway);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('counts each consumer on its own, with RateLimit headers, then 429 with Retry-After', async () => {
    const [ann, bea] = await Promise.all([
      registerAndLogin(platform.gatewayUrl, 'ann'),
      registerAndLogin(platform.gatewayUrl, 'bea'),
    ]);
    const first = await me(ann);
    expect(first.headers.get('ratelimit-limit')).toBe(String(STANDARD_LIMIT));
    expect(first.headers.get('ratelimit-remaining')).toBe(String(STANDARD_LIMIT - 1));
    expect(first.headers.get('ratelimit-policy')).toBe(`${STANDARD_LIMIT};w=60`);
    expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    for (let i = 1; i < STANDARD_LIMIT; i++) expect((await me(ann)).status).toBe(200);

    const refused = await me(ann);
    expectProblem(refused, 429);
    expect(refused.body.type).toBe('urn:problem-type:too-many-requests');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');

    const other = await me(bea);
    expect(other.status).toBe(200);
    expect(other.headers.get('ratelimit-remaining')).toBe(String(STANDARD_LIMIT - 1));
  });

  it('answers a repeated GET from the cache without reaching users, 304 for a matching If-None-Match, the upstream for no-cache', async () => {
    const cid = await registerAndLogin(platform.gatewayUrl, 'cid');
    const before = await usersReadsServed(platform);
    const first = await me(cid);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBe('MISS');
    // users counts a request once its response has gone: wait for that one count.
    const served = await waitFor(
      async () => (await usersReadsServed(platform)) === before + 1 && before + 1,
      5_000,
      'users to count the read',
    );

    const second = await me(cid);
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    // fetch() would add Cache-Control: no-cache to a request with If-None-Match (asking for the
    // upstream); a browser's cache revalidating its copy sends none. no-transform changes nothing.
    const notModified = await me(cid, { 'if-none-match': first.headers.get('etag')!, 'cache-control': 'no-transform' });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('x-cache')).toBe('HIT');
    expect(notModified.text).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await usersReadsServed(platform)).toBe(served);

    const refreshed = await me(cid, { 'cache-control': 'no-cache' });
    expect(refreshed.headers.get('x-cache')).toBe('MISS');
    await waitFor(
      async () => (await usersReadsServed(platform)) === served + 1,
      5_000,
      'users to serve the no-cache read',
    );
  });

  it("never answers one caller with another caller's cached response", async () => {
    const [dee, eve] = await Promise.all([
      registerAndLogin(platform.gatewayUrl, 'dee'),
      registerAndLogin(platform.gatewayUrl, 'eve'),
    ]);
    const byId = `/api/v1/users/${dee.userId}`;
    expect((await http(platform.gatewayUrl, 'GET', byId, undefined, dee.auth)).body.id).toBe(dee.userId);
    expect((await http(platform.gatewayUrl, 'GET', byId, undefined, dee.auth)).headers.get('x-cache')).toBe('HIT');
    expect((await platform.asAdmin('GET', byId)).status).toBe(200);
    expect((await platform.asAdmin('GET', byId)).headers.get('x-cache')).toBe('HIT');
    expect((await me(dee)).body.id).toBe(dee.userId);

    // Same URLs, another caller: each is asked of users, which refuses or answers eve's own.
    for (let i = 0; i < 2; i++) {
      const stolen = await http(platform.gatewayUrl, 'GET', byId, undefined, eve.auth);
      expectProblem(stolen, 404);
      expect(stolen.headers.get('x-cache')).toBeNull();
      expect((await me(eve)).body.id).toBe(eve.userId);
    }
  });

  it("drops a user's entries when users' event says they changed, whoever changed them", async () => {
    const fay = await registerAndLogin(platform.gatewayUrl, 'fay');
    const before = await me(fay);
    expect((await me(fay)).headers.get('x-cache')).toBe('HIT');

    // Changed behind the gateway's back: only the users.user.updated.v1 event can tell it.
    const patched = await platform.asAdmin(
      'PATCH',
      `/v1/users/${fay.userId}`,
      { name: 'Fay Renamed' },
      {},
      platform.usersUrl,
    );
    expect(patched.status).toBe(200);
    const fresh = await waitFor(
      async () => {
        const response = await me(fay);
        return response.body.name === 'Fay Renamed' && response;
      },
      10_000,
      "fay's new name through the gateway",
    );
    expect(fresh.headers.get('x-cache')).toBe('MISS');
    expect(fresh.body.version).toBe(before.body.version + 1);
  });

  it('makes a write through the gateway visible to the writer at once', async () => {
    const gus = await registerAndLogin(platform.gatewayUrl, 'gus');
    const read = await me(gus);
    await me(gus);
    const patched = await http(
      platform.gatewayUrl,
      'PATCH',
      '/api/v1/users/me',
      { name: 'Gus Two' },
      { ...gus.auth, 'if-match': read.headers.get('etag')! },
    );
    expect(patched.status).toBe(200);
    expect((await me(gus)).body.name).toBe('Gus Two');
  });

  it('reports the broker and the cache in readiness', async () => {
    const ready = await http(platform.managementUrls.gateway, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details.policies).toMatchObject({
      status: 'up',
      broker: 'up',
      redis: 'not configured',
      cache: { store: 'memory', state: 'in use' },
    });
  });

  describe('with Redis, two gateway instances', () => {
    const queue = uniqueName('e2e-gateway-cache');
    let gateways: string[] = [];
    let managementUrls: string[] = [];

    beforeAll(async () => {
      const ports = [await freePort(), await freePort()];
      const managementPorts = [await freePort(), await freePort()];
      gateways = ports.map((port) => `http://127.0.0.1:${port}`);
      managementUrls = managementPorts.map((port) => `http://127.0.0.1:${port}`);
      const env = (i: number) => ({
        GATEWAY_PORT: String(ports[i]),
        GATEWAY_MANAGEMENT_PORT: String(managementPorts[i]),
        GATEWAY_REDIS_URL: 'redis://127.0.0.1:6379',
        GATEWAY_RATE_LIMIT_STANDARD: '4/60s',
        GATEWAY_CACHE_QUEUE: queue,
      });
      const started = ports.map((_, i) => platform.startApp('gateway', env(i)));
      await Promise.all(started.map((child, i) => child.waitUntilReady(`${gateways[i]}/health/ready`)));
      await Promise.all(managementUrls.map(cacheInUse));
    });

    afterAll(async () => {
      await deleteBrokerObjects({
        queues: [queue, `${queue}.parked`, ...[1000, 5000, 30000].map((ms) => `${queue}.retry.${ms}ms`)],
      }).catch(() => undefined);
    });

    it('share one budget per consumer', async () => {
      const hal = await registerAndLogin(gateways[0], 'hal');
      const remaining: string[] = [];
      for (const base of [gateways[0], gateways[1], gateways[0], gateways[1]]) {
        const response = await me(hal, {}, base);
        expect(response.status).toBe(200);
        remaining.push(response.headers.get('ratelimit-remaining')!);
      }
      expect(remaining).toEqual(['3', '2', '1', '0']);
      expectProblem(await me(hal, {}, gateways[0]), 429);
      expectProblem(await me(hal, {}, gateways[1]), 429);
      const ready = await http(managementUrls[1], 'GET', '/health/ready');
      expect(ready.body.details.policies).toMatchObject({ redis: 'ready', cache: { store: 'redis' } });
    });

    it('share the cache, and its invalidation', async () => {
      const ida = await registerAndLogin(gateways[0], 'ida');
      expect((await me(ida, {}, gateways[0])).headers.get('x-cache')).toBe('MISS');
      expect((await me(ida, {}, gateways[1])).headers.get('x-cache')).toBe('HIT');
      await platform.asAdmin('PATCH', `/v1/users/${ida.userId}`, { name: 'Ida Renamed' }, {}, platform.usersUrl);
      await waitFor(
        async () => (await me(ida, {}, gateways[1])).body.name === 'Ida Renamed',
        10_000,
        "ida's new name through the second gateway",
      );
    });
  });
});
