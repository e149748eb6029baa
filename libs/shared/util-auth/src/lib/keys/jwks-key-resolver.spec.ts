import { KeyObject } from 'node:crypto';
import { generateSigningKey, startJwksServer, type JwksServer } from '../testing/access-token-fixtures';
import { InvalidTokenError, KeysUnavailableError } from '../token-errors';
import { JwksKeyResolver, type JwksKeyResolverOptions } from './jwks-key-resolver';

/** Only Date is faked: jose and the resolver read the clock from it; sockets and timers stay real. */
const REAL_TIMERS = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

describe('JwksKeyResolver', () => {
  const first = generateSigningKey('key-1');
  const second = generateSigningKey('key-2');
  let jwks: JwksServer;
  let clock: number;
  const advance = (ms: number) => jest.setSystemTime((clock += ms));

  const resolver = (options: Partial<JwksKeyResolverOptions> = {}) =>
    new JwksKeyResolver({ jwksUrl: jwks.url, refetchCooldownMs: 5_000, maxAgeMs: 600_000, ...options });

  beforeEach(async () => {
    clock = 1_000_000_000_000;
    jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], now: clock });
    jwks = await startJwksServer([first]);
  });
  afterEach(async () => {
    jest.useRealTimers();
    await jwks.close();
  });

  it('fetches the JWKS once and serves the keys from the cache', async () => {
    const keys = resolver();
    const key = await keys.resolve('key-1');
    const exported = key instanceof KeyObject ? key : KeyObject.from(key);
    expect(exported.export({ format: 'jwk' })).toEqual(first.publicKey.export({ format: 'jwk' }));
    await keys.resolve('key-1');
    await keys.resolve('key-1');
    expect(jwks.requests).toBe(1);
  });

  it('asks a URL function before each fetch (a gateway picking a healthy auth instance)', async () => {
    const urls = ['http://127.0.0.1:9/jwks.json', jwks.url];
    const keys = resolver({ jwksUrl: () => urls.shift() ?? jwks.url });
    await expect(keys.resolve('key-1')).rejects.toThrow(KeysUnavailableError);
    advance(5_000);
    await expect(keys.resolve('key-1')).resolves.toBeDefined();
    expect(jwks.requests).toBe(1);
  });

  it('refetches on an unknown kid, so a rotated-in key is picked up', async () => {
    const keys = resolver();
    await keys.resolve('key-1');
    jwks.body = { keys: [first.jwk, second.jwk] };
    advance(5_000);
    await expect(keys.resolve('key-2')).resolves.toBeDefined();
    expect(jwks.requests).toBe(2);
  });

  it('refetches for unknown kids at most once per cooldown', async () => {
    const keys = resolver();
    await keys.resolve('key-1');
    for (let i = 0; i < 20; i++) await expect(keys.resolve(`random-${i}`)).rejects.toThrow(InvalidTokenError);
    expect(jwks.requests).toBe(1);
    advance(5_000);
    await expect(keys.resolve('random-again')).rejects.toThrow(new InvalidTokenError('unknown kid'));
    expect(jwks.requests).toBe(2);
  });

  it('shares one in-flight fetch between concurrent callers', async () => {
    const keys = resolver();
    jwks.body = { keys: [first.jwk, second.jwk] };
    const results = await Promise.allSettled(
      [...Array(10)].flatMap((_, i) => [keys.resolve('key-1'), keys.resolve('key-2'), keys.resolve(`nope-${i}`)]),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(20);
    expect(jwks.requests).toBe(1);
  });

  it('refreshes keys older than the max age in the background, dropping withdrawn ones', async () => {
    const keys = resolver({ maxAgeMs: 60_000 });
    await keys.resolve('key-1');
    jwks.body = { keys: [second.jwk] };
    advance(60_000);
    await expect(keys.resolve('key-1')).resolves.toBeDefined(); // served stale while refreshing
    await waitFor(() => jwks.requests === 2);
    await expect(keys.resolve('key-2')).resolves.toBeDefined();
    await expect(keys.resolve('key-1')).rejects.toThrow(InvalidTokenError);
    expect(jwks.requests).toBe(2);
  });

  it('ignores keys that are not ES256 signing keys on P-256', async () => {
    const rsa = { kty: 'RSA', kid: 'rsa', n: 'AQAB', e: 'AQAB' };
    jwks.body = {
      keys: [
        rsa,
        { ...second.jwk, kid: 'enc', use: 'enc' },
        { ...second.jwk, kid: 'hs', alg: 'HS256' },
        { ...second.jwk, kid: 'p384', crv: 'P-384' },
        { ...second.jwk, kid: 'bad', x: 'AA' },
        first.jwk,
      ],
    };
    const keys = resolver();
    await expect(keys.resolve('key-1')).resolves.toBeDefined();
    for (const kid of ['rsa', 'enc', 'hs', 'p384', 'bad'])
      await expect(keys.resolve(kid)).rejects.toThrow(InvalidTokenError);
  });

  describe('when the JWKS cannot be had', () => {
    it('says keys are unavailable when the server is unreachable', async () => {
      await jwks.close();
      await expect(resolver().resolve('key-1')).rejects.toThrow(KeysUnavailableError);
    });

    it('gives up after the timeout', async () => {
      jwks.body = 'hang';
      const started = Date.now();
      await expect(resolver({ timeoutMs: 200 }).resolve('key-1')).rejects.toThrow(KeysUnavailableError);
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it.each([
      ['bad JSON', 200, '{"keys": ['],
      ['no keys array', 200, { hello: 'world' }],
      ['an error status', 500, { keys: [] }],
    ])('treats %s as unavailable', async (_case, status, body) => {
      jwks.status = status;
      jwks.body = body;
      await expect(resolver().resolve('key-1')).rejects.toThrow(KeysUnavailableError);
    });

    it('keeps serving cached keys, and does not retry before the cooldown', async () => {
      const keys = resolver({ maxAgeMs: 1_000 });
      await keys.resolve('key-1');
      jwks.status = 503;
      advance(5_000);
      await keys.resolve('key-1'); // starts a refresh that fails
      await waitFor(() => jwks.requests === 2);
      await expect(keys.resolve('key-1')).resolves.toBeDefined();
      await expect(keys.resolve('key-2')).rejects.toThrow(KeysUnavailableError);
      expect(jwks.requests).toBe(2);
    });
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  // Let the fetch's continuation (which stores the keys) run after the server counted it.
  await new Promise((resolve) => setTimeout(resolve, 20));
}
