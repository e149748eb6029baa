import type { Caller } from '@platform/util-auth';
import Fastify, { type FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import type { RouteDefinition } from '../routing/route-table';
import { ResponseCache } from './cache/response-cache';
import type { GatewayPolicyOptions } from './gateway-policies.options';
import type { GatewayRedis } from './gateway-redis';
import { ConsumerRateLimiter } from './rate-limit/consumer-rate-limiter';
import { RoutePolicies } from './route-policies';

const options: GatewayPolicyOptions = {
  rateLimits: { standard: { points: 100, windowSeconds: 60 }, auth: { points: 2, windowSeconds: 60 } },
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
const login: RouteDefinition = { prefix: '/api/v1/auth', upstream: 'auth', upstreamPrefix: '/v1/auth', access: 'public', rateLimit: 'auth' };

/**
 * The route policies on a bare Fastify, as ProxyRoutes applies them, with a fake upstream that
 * answers like users: each caller sees only itself (object-level access), `me` is the caller.
 */
async function gateway(cache: ResponseCache): Promise<{ app: FastifyInstance; upstreamCalls: () => number }> {
  const policies = new RoutePolicies(new ConsumerRateLimiter(options.rateLimits), cache, options);
  const app = Fastify();
  let calls = 0;
  for (const route of [users, login]) {
    const policy = policies.forRoute(route);
    app.route({
      method: ['GET', 'PATCH', 'POST'],
      url: `${route.prefix}/*`,
      ...policy.hooks,
      handler: async (request, reply) => {
        const id = request.headers['x-caller'] as string | undefined;
        const caller: Caller | undefined = id ? { id, role: 'user', tokenId: 't', expiresAt: 0 } : undefined;
        if (!(await policy.admit(request, reply, caller))) return;
        calls++;
        const target = request.url.split('/').pop();
        if (target !== 'me' && target !== id) return reply.code(404).send({ status: 404 });
        const body = Buffer.from(JSON.stringify({ id, name: `${id} v${calls}` }));
        return reply.code(200).headers({ 'content-type': 'application/json', 'content-length': body.length, etag: `"${calls}"` }).send(Readable.from([body]));
      },
    });
  }
  await app.ready();
  return { app, upstreamCalls: () => calls };
}

describe('route policies', () => {
  let cache: ResponseCache;
  let app: FastifyInstance;
  let upstreamCalls: () => number;

  beforeEach(async () => {
    cache = new ResponseCache(options, { client: undefined } as GatewayRedis);
    await cache.setConsuming(true);
    ({ app, upstreamCalls } = await gateway(cache));
  });

  afterEach(() => app.close());

  const get = (url: string, caller: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers: { 'x-caller': caller, ...headers } });

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
    expect(notModified.body).toBe('');
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
    await app.inject({ method: 'PATCH', url: '/api/v1/users/me', headers: { 'x-caller': 'alice' } });
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
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/login' })).headers['deprecation']).toBeUndefined();
  });

  it('limits per consumer with headers, then 429 problem with Retry-After', async () => {
    const post = (ip: string) => app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip });
    expect((await post('198.51.100.1')).headers).toMatchObject({ 'ratelimit-limit': '2', 'ratelimit-remaining': '1', 'ratelimit-policy': '2;w=60' });
    await post('198.51.100.1');
    const refused = await post('198.51.100.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(refused.json()).toMatchObject({ type: 'urn:problem-type:too-many-requests', status: 429, instance: '/api/v1/auth/login' });
    expect((await post('198.51.100.2')).statusCode).toBe(404);
  });
});
