import type { RouteDefinition } from '@platform/gateway-util-routing';
import { Exchange, type ClientAddressing } from '@platform/util-http';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import type { EdgeAuthenticator } from './authentication/edge-authenticator';
import { ResponseCache } from './cache/response-cache';
import type { GatewayPolicyOptions } from './gateway-policies.options';
import type { GatewayRedis } from './gateway-redis';
import { ConsumerRateLimiter } from './rate-limit/consumer-rate-limiter';
import { RoutePolicies } from './route-policies';

const options: GatewayPolicyOptions = {
  accessTokenPolicy: { issuer: 'platform-auth', audience: 'platform-api', clockToleranceSeconds: 30, roles: ['user'] },
  rateLimits: { standard: { points: 100, windowSeconds: 60 }, auth: { points: 2, windowSeconds: 60 } },
  authFailureLimit: { points: 20, windowSeconds: 60 },
  cache: { maxBytes: 1024 * 1024, queue: 'test' },
};

// A test-only table: the shipped one has no deprecated route.
const users: RouteDefinition = {
  prefix: '/api/v1/users',
  upstream: 'users',
  upstreamPrefix: '/v1/users',
  access: 'bearer',
  version: 'v1',
  cache: { ttlSeconds: 30, scope: 'caller', path: '/:id' },
  deprecation: { since: '2026-01-01T00:00:00Z', sunset: '2026-07-01', link: 'https://docs.example.com/v2' },
};
const login: RouteDefinition = {
  prefix: '/api/v1/auth',
  upstream: 'auth',
  upstreamPrefix: '/v1/auth',
  access: 'public',
  rateLimit: 'auth',
};

interface Answer {
  statusCode: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: () => { id?: string };
}

/**
 * The route policies on a bare Node server, applied to Exchanges as ProxyEdge applies them,
 * with a fake upstream in place of forwarding that answers like users: each caller sees only
 * itself (object-level access), `me` is the caller. x-caller names the caller (the token check
 * is not under test), x-client-ip the client's address.
 */
async function gateway(cache: ResponseCache): Promise<{ server: Server; url: string; upstreamCalls: () => number }> {
  // Known callers pass; the token check itself is the authenticator's (its own tests, and e2e).
  const authenticator = { admit: (exchange: Exchange) => exchange.caller !== undefined } as EdgeAuthenticator;
  const addressing = { addressOf: (r: IncomingMessage) => String(r.headers['x-client-ip']) } as ClientAddressing;
  const policies = new RoutePolicies(authenticator, new ConsumerRateLimiter(options.rateLimits), cache, options);
  const routes = [users, login].map((route) => ({ route, policy: policies.forRoute(route) }));
  let calls = 0;
  const server = createServer(async (req, res) => {
    const { policy } = routes.find(({ route }) => req.url?.startsWith(route.prefix)) ?? routes[0];
    const exchange = new Exchange(req, res, 'request-1', { ...policy.headers }, addressing);
    const id = req.headers['x-caller'] as string | undefined;
    exchange.caller = id ? { id } : undefined;
    if (!(await policy.admit(exchange))) return;
    calls++;
    const target = exchange.path.split('/').pop();
    const [status, body] =
      target === 'me' || target === id ? [200, { id, name: `${id} v${calls}` }] : [404, { status: 404 }];
    const content = Buffer.from(JSON.stringify(body));
    const headers = {
      'content-type': 'application/json',
      'content-length': String(content.length),
      etag: `"${calls}"`,
    };
    const keep = await policy.onUpstreamAnswer(exchange, status, headers);
    keep?.(content);
    exchange.answer(status, { ...headers }, content);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, upstreamCalls: () => calls };
}

describe('route policies', () => {
  let cache: ResponseCache;
  let server: Server;
  let base: string;
  let upstreamCalls: () => number;

  beforeEach(async () => {
    cache = new ResponseCache(options, { client: undefined } as GatewayRedis);
    await cache.setConsuming(true);
    ({ server, url: base, upstreamCalls } = await gateway(cache));
  });

  afterEach(() => new Promise((resolve) => server.close(resolve)));

  const call = async (
    method: 'GET' | 'PATCH' | 'POST',
    url: string,
    headers: Record<string, string>,
  ): Promise<Answer> => {
    const response = await request(`${base}${url}`, { method, headers });
    const text = await response.body.text();
    return {
      statusCode: response.statusCode,
      headers: response.headers as IncomingHttpHeaders,
      text,
      json: () => JSON.parse(text),
    };
  };
  const get = (url: string, caller: string, headers: Record<string, string> = {}) =>
    call('GET', url, { 'x-caller': caller, ...headers });

  it('answers a second GET from the cache, and 304 when If-None-Match names it', async () => {
    const first = await get('/api/v1/users/me', 'alice');
    expect(first.headers['x-cache']).toBe('MISS');
    const second = await get('/api/v1/users/me', 'alice');
    expect(second.headers['x-cache']).toBe('HIT');
    expect(second.json()).toEqual(first.json());
    expect(second.headers['etag']).toBe(first.headers['etag']);
    expect(upstreamCalls()).toBe(1);
    const notModified = await get('/api/v1/users/me', 'alice', { 'if-none-match': first.headers['etag'] as string });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.text).toBe('');
    expect(upstreamCalls()).toBe(1);
    const refreshed = await get('/api/v1/users/me', 'alice', { 'cache-control': 'no-cache' });
    expect(refreshed.headers['x-cache']).toBe('MISS');
    expect(upstreamCalls()).toBe(2);
    expect((await get('/api/v1/users/me', 'alice')).json()).toEqual(refreshed.json());
    expect(upstreamCalls()).toBe(2);
  });

  it("never serves one caller's cached answer to another", async () => {
    expect((await get('/api/v1/users/me', 'alice')).json().id).toBe('alice');
    expect((await get('/api/v1/users/alice', 'alice')).json().id).toBe('alice');
    const bobMe = await get('/api/v1/users/me', 'bob');
    expect(bobMe.headers['x-cache']).toBe('MISS');
    expect(bobMe.json().id).toBe('bob');
    expect((await get('/api/v1/users/alice', 'bob')).statusCode).toBe(404);
    expect((await get('/api/v1/users/alice', 'bob')).statusCode).toBe(404);
  });

  it('drops a user’s entries when they change, through this gateway or by an event', async () => {
    await get('/api/v1/users/me', 'alice');
    await call('PATCH', '/api/v1/users/me', { 'x-caller': 'alice' });
    expect((await get('/api/v1/users/me', 'alice')).headers['x-cache']).toBe('MISS');
    await cache.invalidate('alice');
    expect((await get('/api/v1/users/me', 'alice')).headers['x-cache']).toBe('MISS');
  });

  it('bypasses the cache while invalidation events are not consumed', async () => {
    await get('/api/v1/users/me', 'alice');
    await cache.setConsuming(false);
    expect((await get('/api/v1/users/me', 'alice')).headers['x-cache']).toBeUndefined();
    await cache.setConsuming(true);
    expect((await get('/api/v1/users/me', 'alice')).headers['x-cache']).toBe('MISS');
  });

  it('announces a deprecated route on every answer, errors included', async () => {
    for (const response of [await get('/api/v1/users/me', 'alice'), await get('/api/v1/users/nobody', 'alice')]) {
      expect(response.headers['deprecation']).toBe('@1767225600');
      expect(response.headers['sunset']).toBe('Wed, 01 Jul 2026 00:00:00 GMT');
      expect(response.headers['link']).toBe('<https://docs.example.com/v2>; rel="deprecation"; type="text/html"');
    }
    expect(
      (await call('POST', '/api/v1/auth/login', { 'x-client-ip': '198.51.100.9' })).headers['deprecation'],
    ).toBeUndefined();
  });

  it('limits per consumer with headers, then 429 problem with Retry-After', async () => {
    const post = (ip: string) => call('POST', '/api/v1/auth/login', { 'x-client-ip': ip });
    expect((await post('198.51.100.1')).headers).toMatchObject({
      'ratelimit-limit': '2',
      'ratelimit-remaining': '1',
      'ratelimit-policy': '2;w=60',
    });
    await post('198.51.100.1');
    const refused = await post('198.51.100.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(refused.json()).toMatchObject({
      type: 'urn:problem-type:too-many-requests',
      status: 429,
      instance: '/api/v1/auth/login',
    });
    expect((await post('198.51.100.2')).statusCode).toBe(404);
  });
});
