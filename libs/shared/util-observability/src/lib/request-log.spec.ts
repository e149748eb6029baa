import Fastify, { type FastifyInstance } from 'fastify';
import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { CALLER_ID, logRequests } from './request-log';

describe('request log', () => {
  async function appWithCapture() {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const app = Fastify({ loggerInstance: createLogger({ service: 'test', level: 'log', format: 'json' }, stream), disableRequestLogging: true });
    logRequests(app as unknown as FastifyInstance);
    app.get('/v1/things/:id', async (request) => {
      (request as unknown as Record<symbol, unknown>)[CALLER_ID] = 'user-7';
      return { ok: true };
    });
    app.get('/boom', async () => {
      throw new Error('kaput');
    });
    app.get('/health/ready', async () => ({ ok: true }));
    await app.ready();
    return { app, lines: () => lines.filter((line) => line['msg'] === 'request') };
  }

  it('writes one line per request with the route template, status, latency and caller, no headers', async () => {
    const { app, lines } = await appWithCapture();
    await app.inject({ method: 'GET', url: '/v1/things/42?x=1', headers: { authorization: 'Bearer t0ken' } });
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({ level: 'info', method: 'GET', route: '/v1/things/:id', status: 200, callerId: 'user-7', service: 'test' });
    expect(typeof lines()[0]['latencyMs']).toBe('number');
    expect(JSON.stringify(lines())).not.toMatch(/t0ken|\/42/);
    await app.close();
  });

  it('logs server errors at error level and health probes only at debug', async () => {
    const { app, lines } = await appWithCapture();
    await app.inject({ method: 'GET', url: '/boom' });
    await app.inject({ method: 'GET', url: '/health/ready' });
    await app.inject({ method: 'GET', url: '/nothing/here' });
    expect(lines().map((line) => [line['level'], line['route'], line['status']])).toEqual([
      ['error', '/boom', 500],
      ['info', 'unmatched', 404],
    ]);
    await app.close();
  });
});
