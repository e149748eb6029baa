import Fastify, { type FastifyInstance } from 'fastify';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exchangeOf, type Exchange } from './exchange';
import { RequestPipeline } from './request-pipeline';

interface Ended {
  route: string;
  status: number;
  caller?: string;
  requestId: string;
}

/**
 * The pipeline in front of a real Fastify on a real server, with a handler that takes `/proxied`
 * the way the gateway's proxy path does: both kinds of route begin and end in the same place.
 */
describe('RequestPipeline', () => {
  let pipeline: RequestPipeline;
  let fastify: FastifyInstance;
  let base: string;
  const ended: Ended[] = [];

  beforeAll(async () => {
    pipeline = new RequestPipeline({
      bodyLimitBytes: 64,
      trustedProxies: ['127.0.0.1'],
      corsOrigins: ['https://app.example.com'],
      documentPaths: ['/docs'],
    });
    pipeline.observe((exchange, status) =>
      ended.push({ route: exchange.route, status, caller: exchange.caller?.id, requestId: exchange.requestId }),
    );
    pipeline.useHandler({
      handle(exchange: Exchange) {
        if (!exchange.url.startsWith('/proxied')) return false;
        exchange.routeTo('/proxied/*');
        exchange.caller = { id: 'user-1' };
        if (exchange.url.includes('hang')) return true; // never answers: the client leaves
        exchange.answer(200, { 'content-type': 'application/json' }, Buffer.from('{"by":"handler"}'));
        return true;
      },
    });
    fastify = Fastify({ serverFactory: pipeline.serverFactory(), genReqId: pipeline.requestIdOf, bodyLimit: 64 });
    pipeline.attachTo(fastify);
    fastify.get('/own/:id', async (request) => ({
      by: 'fastify',
      requestId: request.id,
      client: exchangeOf(request.raw)?.clientAddress,
    }));
    fastify.post('/own', async () => ({ ok: true }));
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${((fastify.server as Server).address() as AddressInfo).port}`;
  });

  afterAll(() => fastify.close());

  const lastEnded = (requestId: string) => ended.filter((entry) => entry.requestId === requestId).at(-1);

  it('gives a handler’s answer and a Fastify route’s the same request id, security and CORS headers', async () => {
    const headers = { origin: 'https://app.example.com' };
    const handled = await fetch(`${base}/proxied/1`, { headers: { ...headers, 'x-request-id': 'r-1' } });
    const routed = await fetch(`${base}/own/7`, { headers: { ...headers, 'x-request-id': 'r-2' } });
    expect(await handled.json()).toEqual({ by: 'handler' });
    expect(await routed.json()).toEqual({ by: 'fastify', requestId: 'r-2', client: '127.0.0.1' });
    for (const name of ['content-security-policy', 'x-content-type-options', 'access-control-allow-origin', 'vary'])
      expect(routed.headers.get(name)).toBe(handled.headers.get(name));
    expect([handled.headers.get('x-request-id'), routed.headers.get('x-request-id')]).toEqual(['r-1', 'r-2']);
  });

  it('ends both with their route template, status and caller', async () => {
    await waitUntilEnded('r-2');
    expect(lastEnded('r-1')).toEqual({ route: '/proxied/*', status: 200, caller: 'user-1', requestId: 'r-1' });
    expect(lastEnded('r-2')).toEqual({ route: '/own/:id', status: 200, caller: undefined, requestId: 'r-2' });
    await (await fetch(`${base}/nowhere`, { headers: { 'x-request-id': 'r-3' } })).text();
    await waitUntilEnded('r-3');
    expect(lastEnded('r-3')).toMatchObject({ route: 'unmatched', status: 404 });
  });

  it('refuses a declared body over the limit with 413 on both, and a chunked one on Fastify', async () => {
    const big = 'x'.repeat(100);
    for (const path of ['/proxied/1', '/own']) {
      const response = await fetch(`${base}${path}`, { method: 'POST', body: big });
      expect(response.status).toBe(413);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const chunked = await fetch(`${base}/own`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([JSON.stringify({ big })]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it('records 499 and aborts the exchange’s cancellation when the client leaves first', async () => {
    const controller = new AbortController();
    const leaving = fetch(`${base}/proxied/hang`, { signal: controller.signal, headers: { 'x-request-id': 'r-gone' } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await leaving.catch(() => undefined);
    await waitUntilEnded('r-gone');
    expect(lastEnded('r-gone')).toMatchObject({ status: 499 });
  });

  it('answers every request 503 with the connection closed once closing', async () => {
    pipeline.close();
    for (const path of ['/proxied/1', '/own/1']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(503);
      expect(response.headers.get('connection')).toBe('close');
    }
  });

  async function waitUntilEnded(requestId: string): Promise<void> {
    for (let i = 0; i < 100 && !lastEnded(requestId); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  }
});
