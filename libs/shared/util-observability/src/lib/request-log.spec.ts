import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { CALLER_ID, logRequests, RequestLog, type RequestLine } from './request-log';

describe('request log', () => {
  async function appWithCapture() {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const app = Fastify({
      loggerInstance: createLogger({ service: 'test', level: 'log', format: 'json' }, stream),
      logController: new LogController({ disableRequestLogging: true }),
    });
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
    expect(lines()[0]).toMatchObject({
      level: 'info',
      method: 'GET',
      route: '/v1/things/:id',
      status: 200,
      callerId: 'user-7',
      service: 'test',
    });
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

  describe('the line it serializes itself', () => {
    function capture(level: 'log' | 'debug' | 'error' = 'debug') {
      const written: string[] = [];
      const stream = { write: (line: string) => written.push(line) };
      return { logger: createLogger({ service: 'test', level, format: 'json' }, stream), written };
    }
    const base: RequestLine = {
      requestId: 'req-1',
      method: 'GET',
      route: '/v1/things/:id',
      status: 200,
      latencyMs: 1.5,
    };

    it.each<[string, RequestLine, 'info' | 'error' | 'debug']>([
      ['a plain line', base, 'info'],
      ['a line with a caller', { ...base, callerId: 'user-7' }, 'info'],
      ['a line with a trace', { ...base, traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), callerId: 'user-7' }, 'info'],
      ['a line with characters to escape', { ...base, requestId: 'q"uo\\te\nnew\u2028line\u0001' }, 'info'],
      ['a server error', { ...base, status: 503, callerId: 42 }, 'error'],
      ['a health probe', { ...base, route: '/health/ready' }, 'debug'],
    ])('is the line pino writes for %s, byte for byte', (_name, line, level) => {
      const ours = capture();
      const pinos = capture();
      new RequestLog(ours.logger).write(line);
      pinos.logger[level](line, 'request');
      expect(ours.written).toHaveLength(1);
      // The timestamp is the only field that may differ, when the millisecond ticks between the two.
      const withoutTime = (text: string) => text.replace(/"time":"[^"]+"/, '"time":""');
      expect(withoutTime(ours.written[0])).toBe(withoutTime(pinos.written[0]));
      expect(JSON.parse(ours.written[0])).toMatchObject({ ...line, level, msg: 'request', service: 'test' });
    });

    it('writes nothing below the logger level', () => {
      const { logger, written } = capture('error');
      const log = new RequestLog(logger);
      log.write(base);
      log.write({ ...base, route: '/health/live' });
      log.write({ ...base, status: 500 });
      expect(written.map((line) => JSON.parse(line).status)).toEqual([500]);
    });
  });
});
