import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { GatewayPoliciesModule, type GatewayPolicyOptions } from '@platform/gateway-feature-policies';
import type { RouteDefinition } from '@platform/gateway-util-routing';
import { UpstreamsModule, type UpstreamsOptions } from '@platform/gateway-util-upstreams';
import { RequestPipeline, RequestPipelineModule } from '@platform/util-http';
import { EventSubscriber } from '@platform/util-messaging';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { GatewayEdgeModule } from './gateway-edge.module';
import { ProxyEdge } from './proxy-edge';

/** The response cache is off here, so nothing subscribes to events; the broker is not under test. */
@Global()
@Module({
  providers: [{ provide: EventSubscriber, useValue: { subscribe: async () => undefined } }],
  exports: [EventSubscriber],
})
class NoEventsModule {}

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
const close = (server: Server) => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve)));

/** A megabyte and a bit: far past what the edge gathers before answering, so it must stream. */
const LARGE = Buffer.alloc(1024 * 1024 + 17, 'x');

/** Multi-byte UTF-8 (2, 3 and 4 bytes per character): a small answer must arrive byte for byte. */
const UNICODE_NAME = 'Zoë Ñandú — 東京 🚀';

/** What the fake upstream saw of the last request, and how it answers each path. */
const seen: {
  method?: string;
  url?: string;
  headers?: IncomingMessage['headers'];
  body?: Buffer;
  closedEarly?: boolean;
} = {};

function upstreamHandler(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    Object.assign(seen, {
      method: req.method,
      url: req.url,
      headers: req.headers,
      body: Buffer.concat(chunks),
      closedEarly: false,
    });
    if (req.url?.startsWith('/v1/things/large')) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': LARGE.length });
      // In pieces, so the body really flows through the edge as it arrives.
      for (let at = 0; at < LARGE.length; at += 65536) res.write(LARGE.subarray(at, at + 65536));
      return void res.end();
    }
    if (req.url?.startsWith('/v1/things/chunked')) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('one,');
      return void setTimeout(() => res.end('two'), 20);
    }
    if (req.url?.startsWith('/v1/things/slow')) {
      res.on('close', () => (seen.closedEarly = !res.writableFinished));
      return; // never answers: the client gives up first
    }
    if (req.url?.startsWith('/v1/things/utf8')) {
      const body = Buffer.from(JSON.stringify({ name: UNICODE_NAME }));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
      return void res.end(body);
    }
    if (req.url?.startsWith('/v1/things/created')) {
      res.writeHead(201, {
        location: '/v1/things/42',
        'content-type': 'application/json',
        'x-content-type-options': 'upstream-value',
      });
      return void res.end('{"id":"42"}');
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ path: req.url }));
  });
}

const things: RouteDefinition = {
  prefix: '/api/v1/things',
  upstream: 'users',
  upstreamPrefix: '/v1/things',
  access: 'public',
  rateLimit: 'standard',
};
const secret: RouteDefinition = {
  prefix: '/api/v1/things/secret',
  upstream: 'users',
  upstreamPrefix: '/v1/things/secret',
  access: 'bearer',
};

/**
 * The proxy path in process: a real HTTP server from the request pipeline, ProxyEdge as its
 * handler with the real policies over real undici pools, wired by Nest as in the gateway, and a
 * fake upstream. Anything the edge does not take falls through to `fallback` (Fastify, in the gateway).
 */
describe('ProxyEdge', () => {
  let upstream: Server;
  let gateway: Server;
  let base: string;
  let pipeline: RequestPipeline;
  let context: INestApplicationContext;

  beforeAll(async () => {
    upstream = createServer(upstreamHandler);
    const upstreamUrl = await listen(upstream);
    const options: UpstreamsOptions = {
      upstreams: { users: [upstreamUrl], auth: [upstreamUrl] },
      timeoutMs: 2_000,
      connectTimeoutMs: 1_000,
      connectionsPerUpstream: 4,
      traffic: {
        healthCheck: { intervalMs: 60_000, timeoutMs: 1_000 },
        outlier: { consecutiveFailures: 5, baseEjectionMs: 1_000, maxEjectionMs: 10_000 },
        retryBudget: { ratio: 0.2, minPerSecond: 3 },
        breaker: {
          consecutiveFailures: 100,
          failureRatio: 0.99,
          windowMs: 10_000,
          minimumRps: 1_000,
          halfOpenAfterMs: 1_000,
        },
        shutdownDrainMs: 1_000,
      },
    };
    const policyOptions: GatewayPolicyOptions = {
      accessTokenPolicy: {
        issuer: 'https://auth.test',
        audience: 'platform',
        clockToleranceSeconds: 30,
        roles: ['user'],
      },
      rateLimits: { standard: { points: 1000, windowSeconds: 60 }, auth: { points: 10, windowSeconds: 60 } },
      authFailureLimit: { points: 2, windowSeconds: 60 },
      cache: { maxBytes: 0, queue: 'test' },
    };
    pipeline = new RequestPipeline({
      bodyLimitBytes: 1024,
      trustedProxies: [],
      corsOrigins: ['https://app.example.com'],
      documentPaths: ['/docs'],
    });
    @Module({
      imports: [
        NoEventsModule,
        RequestPipelineModule.forRoot(pipeline),
        UpstreamsModule.forRoot(options),
        GatewayPoliciesModule.forRoot(policyOptions),
        GatewayEdgeModule,
      ],
    })
    class EdgeTestModule {}
    context = await NestFactory.createApplicationContext(EdgeTestModule, { logger: ['error'], abortOnError: false });
    pipeline.useHandler(context.get(ProxyEdge).serve([things, secret]));
    const fallback = (_req: IncomingMessage, res: ServerResponse) => res.writeHead(404, { 'x-fallback': 'yes' }).end();
    gateway = pipeline.serverFactory()(fallback, {});
    base = await listen(gateway);
  });

  afterAll(async () => {
    await close(gateway);
    // Closes the upstream pools (Upstreams' shutdown), as the gateway's own shutdown does.
    await context.close();
    await close(upstream);
  });

  it('forwards under the public prefix with forwarding headers, and answers with the edge’s own headers', async () => {
    // The client's own X-Forwarded-* are replaced: no proxy is trusted here.
    const spoofed = {
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'evil.example',
    };
    const response = await request(`${base}/api/v1/things/7?sort=name`, {
      headers: { 'x-request-id': 'req-123', origin: 'https://app.example.com', ...spoofed },
    });
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ path: '/v1/things/7?sort=name' });
    expect(seen.headers).toMatchObject({
      'x-request-id': 'req-123',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': new URL(base).host,
      'x-forwarded-prefix': '/api',
    });
    expect(response.headers).toMatchObject({
      'x-request-id': 'req-123',
      'x-content-type-options': 'nosniff',
      'ratelimit-limit': '1000',
      'access-control-allow-origin': 'https://app.example.com',
      vary: 'Origin',
    });
  });

  it('maps Location to the public path and keeps its own security headers over the upstream’s', async () => {
    const response = await request(`${base}/api/v1/things/created`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers['location']).toBe('/api/v1/things/42');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(seen.body?.toString()).toBe('{}');
    await response.body.dump();
  });

  it('relays a small multi-byte UTF-8 answer byte for byte', async () => {
    const response = await request(`${base}/api/v1/things/utf8`);
    expect(await response.body.json()).toEqual({ name: UNICODE_NAME });
  });

  it('streams a large answer intact, and relays a chunked one', async () => {
    const large = await request(`${base}/api/v1/things/large`);
    expect(large.headers['content-length']).toBe(String(LARGE.length));
    expect(Buffer.from(await large.body.arrayBuffer()).equals(LARGE)).toBe(true);
    const chunked = await request(`${base}/api/v1/things/chunked`);
    expect(await chunked.body.text()).toBe('one,two');
  });

  it('answers HEAD without a body', async () => {
    const response = await request(`${base}/api/v1/things/7`, { method: 'HEAD' });
    expect(response.statusCode).toBe(200);
    expect(seen.method).toBe('HEAD');
    expect(await response.body.text()).toBe('');
  });

  it('refuses a body over the limit with 413, whether announced or chunked, without forwarding it', async () => {
    seen.url = undefined;
    const announced = await request(`${base}/api/v1/things`, { method: 'POST', body: Buffer.alloc(2048, 'a') });
    expect(announced.statusCode).toBe(413);
    expect(announced.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await announced.body.json()).toMatchObject({ status: 413, instance: '/api/v1/things' });
    const chunks = Readable.from([0, 1, 2, 3].map(() => Buffer.alloc(512, 'b')));
    const chunked = await request(`${base}/api/v1/things`, { method: 'POST', body: chunks });
    expect(chunked.statusCode).toBe(413);
    await chunked.body.dump();
    expect(seen.url).toBeUndefined();
  });

  it('refuses a bearer route without a token with a 401 problem and a challenge', async () => {
    const response = await request(`${base}/api/v1/things/secret/1`);
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(await response.body.json()).toMatchObject({ status: 401, instance: '/api/v1/things/secret/1' });
  });

  it('counts refused tokens per address: past the limit, 429 with Retry-After before any check', async () => {
    const statusOf = async (path: string, headers: Record<string, string> = {}) => {
      const response = await request(`${base}${path}`, { headers });
      await response.body.dump();
      return response.statusCode;
    };
    // Without a token nothing was guessed: these do not count.
    for (let i = 0; i < 3; i++) expect(await statusOf('/api/v1/things/secret/1')).toBe(401);
    for (let i = 0; i < 2; i++)
      expect(await statusOf('/api/v1/things/secret/1', { authorization: 'Bearer not.a.token' })).toBe(401);
    const limited = await request(`${base}/api/v1/things/secret/1`, {
      headers: { authorization: 'Bearer not.a.token' },
    });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await limited.body.json()).toMatchObject({ status: 429, instance: '/api/v1/things/secret/1' });
    // Public routes are not affected.
    expect(await statusOf('/api/v1/things/7')).toBe(200);
  });

  it('leaves other paths and methods to the app behind it', async () => {
    for (const [method, path] of [
      ['GET', '/health/live'],
      ['GET', '/api/v1/thingsmore'],
      ['TRACE', '/api/v1/things/1'],
    ] as const) {
      const response = await request(`${base}${path}`, { method });
      expect(response.headers['x-fallback']).toBe('yes');
      await response.body.dump();
    }
  });

  it('cancels the upstream request when the client goes away', async () => {
    const controller = new AbortController();
    const pending = request(`${base}/api/v1/things/slow`, { signal: controller.signal }).catch(() => undefined);
    await waitFor(() => seen.url === '/v1/things/slow');
    controller.abort();
    await pending;
    await waitFor(() => seen.closedEarly === true);
  });

  it('answers 503 with the connection closed once shutdown has begun', async () => {
    pipeline.close();
    const response = await request(`${base}/api/v1/things/7`);
    expect(response.statusCode).toBe(503);
    expect(response.headers['connection']).toBe('close');
    expect(await response.body.json()).toMatchObject({ status: 503 });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
