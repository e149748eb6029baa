import { createLogger } from './logger';
import { RequestLog, type RequestLine } from './request-log';

// Which requests get a line, and what fills it, is the request pipeline's (util-http, request-pipeline.spec.ts).
describe('request log', () => {
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
      ['a server error', { ...base, status: 503, callerId: '42' }, 'error'],
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
