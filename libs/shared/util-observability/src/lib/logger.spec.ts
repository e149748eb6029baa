import { Writable } from 'node:stream';
import { BatchedLines, cachedIsoTime, createLogger, resolveLogFormat } from './logger';
import { PinoNestLogger } from './pino-nest-logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      raw.push(chunk.toString());
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { stream, lines, raw };
}

describe('platform logger', () => {
  it('writes one JSON object per line with service, level name and ISO time', () => {
    const { stream, lines } = capture();
    createLogger({ service: 'users', level: 'log', format: 'json' }, stream).info({ requestId: 'r1' }, 'request');
    expect(lines[0]).toMatchObject({ service: 'users', level: 'info', msg: 'request', requestId: 'r1' });
    expect(String(lines[0]['time'])).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('never writes passwords, hashes, tokens or credential headers', () => {
    const { stream, raw } = capture();
    const logger = createLogger({ service: 'auth', level: 'log', format: 'json' }, stream);
    logger.info({
      req: { headers: { authorization: 'Bearer eyJhbGciOi.secret-token', cookie: 'session=abc123' } },
      body: { email: 'a@b.co', password: 'hunter2-hunter2', newPassword: 'n3w-s3cret-pass' },
      user: { passwordHash: '$argon2id$v=19$m=19456', refreshToken: 'opaque-refresh-xyz' },
      accessToken: 'eyJ.access',
    });
    const written = raw.join('');
    for (const secret of [
      'secret-token',
      'abc123',
      'hunter2',
      'n3w-s3cret',
      '$argon2id',
      'opaque-refresh',
      'eyJ.access',
    ]) {
      expect(written).not.toContain(secret);
    }
    expect(written).toContain('[Redacted]');
    expect(written).toContain('a@b.co');
  });

  it('honours the level: debug lines are dropped at "log"', () => {
    const { stream, lines } = capture();
    const logger = createLogger({ service: 's', level: 'log', format: 'json' }, stream);
    logger.debug('hidden');
    logger.warn('shown');
    expect(lines.map((l) => l['msg'])).toEqual(['shown']);
  });

  it('maps Nest logger calls, errors with their stack and context', () => {
    const { stream, lines } = capture();
    const nest = new PinoNestLogger(createLogger({ service: 's', level: 'verbose', format: 'json' }, stream));
    nest.log('started', 'NestApplication');
    nest.error('failed', 'Error: x\n    at y', 'Problem');
    nest.verbose('details', 'Ctx');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', msg: 'started', context: 'NestApplication' }),
      expect.objectContaining({ level: 'error', msg: 'failed', context: 'Problem', stack: 'Error: x\n    at y' }),
      expect.objectContaining({ level: 'trace', msg: 'details', context: 'Ctx' }),
    ]);
  });

  it('is pretty only while developing, unless told', () => {
    expect(resolveLogFormat('auto', 'development')).toBe('pretty');
    expect(resolveLogFormat('auto', 'production')).toBe('json');
    expect(resolveLogFormat('auto', 'test')).toBe('json');
    expect(resolveLogFormat('pretty', 'production')).toBe('pretty');
  });
});

describe('BatchedLines', () => {
  it('hands lines over in order, once a batch is full or when flushed', () => {
    const written: string[] = [];
    const lines = new BatchedLines({ write: (chunk: string) => written.push(chunk) }, 10);
    lines.write('{"a":1}\n');
    expect(written).toEqual([]);
    lines.write('{"b":2}\n');
    expect(written).toEqual(['{"a":1}\n{"b":2}\n']);
    lines.write('{"c":3}\n');
    lines.flush();
    lines.flush();
    expect(written).toEqual(['{"a":1}\n{"b":2}\n', '{"c":3}\n']);
  });
});

describe('cachedIsoTime', () => {
  it('gives the current time as pino’s ISO field', () => {
    const time = cachedIsoTime();
    const before = Date.now();
    const field = time();
    const stamped = Date.parse(JSON.parse(`{${field.slice(1)}}`).time);
    expect(stamped).toBeGreaterThanOrEqual(before);
    expect(stamped).toBeLessThanOrEqual(Date.now());
  });
});
