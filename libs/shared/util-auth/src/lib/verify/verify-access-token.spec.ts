import { createHmac } from 'node:crypto';
import { type AccessTokenPolicy } from '../access-token';
import type { PublicKeyResolver } from '../keys/public-key-resolver';
import {
  accessTokenClaims,
  forgeToken,
  generateSigningKey,
  mintAccessToken,
  nowSeconds,
  testPolicy,
} from '../testing/access-token-fixtures';
import { InvalidTokenError, KeysUnavailableError } from '../token-errors';
import { verifyAccessToken } from './verify-access-token';

describe('verifyAccessToken', () => {
  const key = generateSigningKey('key-1');
  const other = generateSigningKey('key-1'); // same kid, different key: a forger's
  const keys: PublicKeyResolver = {
    resolve: async (kid) => {
      if (kid === key.kid) return key.publicKey;
      throw new InvalidTokenError('unknown kid');
    },
  };
  const verify = (token: string, policy: AccessTokenPolicy = testPolicy) => verifyAccessToken(token, keys, policy);
  const rejects = (token: string, reason: RegExp | string) =>
    expect(verify(token)).rejects.toThrow(
      expect.objectContaining({ name: 'InvalidTokenError', message: expect.stringMatching(reason) }),
    );

  it('returns the caller of a valid token', async () => {
    const claims = accessTokenClaims({ role: 'admin' });
    await expect(verify(mintAccessToken(key, claims))).resolves.toEqual({
      id: claims['sub'],
      role: 'admin',
      tokenId: claims['jti'],
      expiresAt: claims['exp'],
    });
  });

  it('accepts the full media type as typ (RFC 9068)', async () => {
    await expect(
      verify(mintAccessToken(key, accessTokenClaims(), { typ: 'application/at+jwt' })),
    ).resolves.toBeDefined();
  });

  it.each([
    ['', 'not a JWT'],
    ['garbage', 'not a JWT'],
    ['a.b.c', 'not a JWT'],
    [undefined as unknown as string, 'not a JWT'],
  ])('rejects %p', async (token, reason) => {
    await rejects(token, reason);
  });

  it('refuses any byte string as an invalid token, never with another error', async () => {
    const samples = [
      '\u0000',
      '..',
      'a..b',
      '😀.😀.😀',
      Buffer.from([0xff, 0xfe, 0x2e]).toString('latin1'),
      `${'e'.repeat(20_000)}.e.e`,
    ];
    const [header, payload] = mintAccessToken(key).split('.');
    samples.push(
      `${header}.${payload}.${Buffer.from('short').toString('base64url')}`,
      `${header}.${Buffer.from('not json').toString('base64url')}.AAAA`,
    );
    for (const token of samples) await expect(verify(token)).rejects.toThrow(InvalidTokenError);
  });

  describe('lifetime', () => {
    it('rejects a token expired beyond the clock tolerance', async () => {
      await rejects(
        mintAccessToken(key, accessTokenClaims({ iat: nowSeconds() - 700, exp: nowSeconds() - 31 })),
        'expired',
      );
    });

    it('accepts a token expired within the clock tolerance', async () => {
      await expect(
        verify(mintAccessToken(key, accessTokenClaims({ iat: nowSeconds() - 700, exp: nowSeconds() - 20 }))),
      ).resolves.toBeDefined();
    });

    it('rejects a token issued in the future beyond the tolerance, or not valid yet', async () => {
      await rejects(mintAccessToken(key, accessTokenClaims({ iat: nowSeconds() + 120 })), 'issued in the future');
      await rejects(mintAccessToken(key, { ...accessTokenClaims(), nbf: nowSeconds() + 120 }), 'not yet valid');
    });
  });

  describe('forgeries', () => {
    it('rejects alg none', async () => {
      await rejects(
        forgeToken({ alg: 'none', typ: 'at+jwt', kid: key.kid }, accessTokenClaims(), () => ''),
        'algorithm not allowed',
      );
    });

    it('rejects a signature made by another key', async () => {
      await rejects(mintAccessToken(other), 'invalid signature');
    });

    it('rejects a tampered payload', async () => {
      const [header, , signature] = mintAccessToken(key).split('.');
      const payload = Buffer.from(JSON.stringify(accessTokenClaims({ role: 'admin' }))).toString('base64url');
      await rejects(`${header}.${payload}.${signature}`, 'invalid signature');
    });

    it('rejects HS256 signed with the public key as the HMAC secret', async () => {
      const pem = key.publicKey.export({ type: 'spki', format: 'pem' });
      const token = forgeToken({ alg: 'HS256', typ: 'at+jwt', kid: key.kid }, accessTokenClaims(), (input) =>
        createHmac('sha256', pem).update(input).digest('base64url'),
      );
      await rejects(token, 'algorithm not allowed');
    });
  });

  describe('claims', () => {
    it('rejects the wrong issuer or audience', async () => {
      await rejects(mintAccessToken(key, accessTokenClaims({ iss: 'someone-else' })), /^iss /);
      await rejects(mintAccessToken(key, accessTokenClaims({ aud: 'another-api' })), /^aud /);
    });

    it.each([['refresh+jwt'], ['JWT'], [undefined]])('rejects typ %p', async (typ) => {
      await rejects(mintAccessToken(key, accessTokenClaims(), { typ }), 'not an access token');
    });

    it('rejects a token without kid, or with a kid nobody knows', async () => {
      await rejects(mintAccessToken(key, accessTokenClaims(), { kid: undefined }), 'no kid');
      await rejects(mintAccessToken(key, accessTokenClaims(), { kid: 'key-9' }), 'unknown kid');
    });

    it.each([
      ['an unknown role', { role: 'root' }, 'unknown role'],
      ['no sub', { sub: undefined }, /^sub missing/],
      ['a sub that is not a uuid', { sub: 'admin' }, 'sub is not a user id'],
      ['no jti', { jti: undefined }, /^jti missing/],
      ['an empty jti', { jti: '' }, 'no jti'],
      ['no exp', { exp: undefined }, /^exp missing/],
      ['no iat', { iat: undefined }, /^iat missing/],
      ['an exp that is not a number', { exp: 'tomorrow' }, /exp/],
      ['a role that is a list', { role: ['admin'] }, 'unknown role'],
    ] as Array<[string, Record<string, unknown>, string | RegExp]>)('rejects %s', async (_case, overrides, reason) => {
      await rejects(mintAccessToken(key, accessTokenClaims(overrides)), reason);
    });
  });

  it('reports unavailable keys as such, not as a bad token', async () => {
    const down: PublicKeyResolver = { resolve: () => Promise.reject(new Error('socket hang up')) };
    await expect(verifyAccessToken(mintAccessToken(key), down, testPolicy)).rejects.toThrow(KeysUnavailableError);
  });
});
