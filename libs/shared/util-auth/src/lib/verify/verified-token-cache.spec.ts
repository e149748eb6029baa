import { type Caller } from '../access-token';
import type { PublicKeyResolver } from '../keys/public-key-resolver';
import {
  accessTokenClaims,
  generateSigningKey,
  mintAccessToken,
  nowSeconds,
  testPolicy,
} from '../testing/access-token-fixtures';
import { InvalidTokenError } from '../token-errors';
import { CachingAccessTokenVerifier } from './caching-access-token-verifier';
import { VerifiedTokenCache } from './verified-token-cache';

const caller = (expiresAt: number, id = 'c5c7a1a4-5b3e-4a8e-9d5e-0d3c1f6b2a11'): Caller => ({
  id,
  role: 'user',
  tokenId: `jti-${id}`,
  expiresAt,
});

describe('VerifiedTokenCache', () => {
  let clock: number;
  const cache = (maxEntries?: number) => new VerifiedTokenCache({ maxEntries, now: () => clock });

  beforeEach(() => (clock = 1_000_000_000));

  it('returns a hit strictly before exp and drops it at exp', () => {
    const tokens = cache();
    tokens.set('t', caller(1_000_010));
    clock = 1_000_009_999;
    expect(tokens.get('t')).toEqual(caller(1_000_010));
    clock = 1_000_010_000;
    expect(tokens.get('t')).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it('does not store a caller that has already expired', () => {
    const tokens = cache();
    tokens.set('t', caller(1_000_000));
    expect(tokens.size).toBe(0);
  });

  it('evicts the oldest entries when full', () => {
    const tokens = cache(3);
    for (const name of ['a', 'b', 'c', 'd']) tokens.set(name, caller(2_000_000));
    expect(tokens.size).toBe(3);
    expect(tokens.get('a')).toBeUndefined();
    expect(['b', 'c', 'd'].map((name) => tokens.get(name))).not.toContain(undefined);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => cache(0)).toThrow(RangeError);
  });
});

describe('CachingAccessTokenVerifier', () => {
  const key = generateSigningKey();
  let lookups: number;
  const keys: PublicKeyResolver = {
    resolve: async (kid) => {
      lookups += 1;
      if (kid === key.kid) return key.publicKey;
      throw new InvalidTokenError('unknown kid');
    },
  };

  beforeEach(() => (lookups = 0));

  it('verifies a token once and answers repeats from the cache', async () => {
    const verifier = new CachingAccessTokenVerifier(keys, testPolicy);
    const token = mintAccessToken(key);
    expect(verifier.cached(token)).toBeUndefined();
    const first = await verifier.verify(token);
    await expect(verifier.verify(token)).resolves.toEqual(first);
    expect(verifier.cached(token)).toEqual(first);
    expect(lookups).toBe(1);
  });

  it('verifies afresh once the cached entry has expired', async () => {
    let clock = Date.now();
    const verifier = new CachingAccessTokenVerifier(
      keys,
      testPolicy,
      undefined,
      new VerifiedTokenCache({ now: () => clock }),
    );
    const token = mintAccessToken(key, accessTokenClaims({ exp: nowSeconds() + 5 }));
    await verifier.verify(token);
    clock += 5_000;
    // Expired for the cache; jsonwebtoken (real clock, 30 s tolerance) still accepts it, so it is verified afresh.
    await verifier.verify(token);
    expect(lookups).toBe(2);
  });

  it('does not cache refusals', async () => {
    const verifier = new CachingAccessTokenVerifier(keys, testPolicy);
    const forged = mintAccessToken(generateSigningKey(key.kid));
    await expect(verifier.verify(forged)).rejects.toThrow(InvalidTokenError);
    await expect(verifier.verify(forged)).rejects.toThrow(InvalidTokenError);
    expect(lookups).toBe(2);
  });
});
