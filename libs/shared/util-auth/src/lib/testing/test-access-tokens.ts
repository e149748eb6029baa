import type { Role } from '../access-token';
import type { PublicKeyResolver } from '../keys/public-key-resolver';
import { InvalidTokenError } from '../token-errors';
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { sign } from 'jsonwebtoken';

/**
 * An in-process token issuer for integration tests of services: a real ES256 key pair, the
 * resolver a BearerAuthModule verifies with, and tokens as auth would sign them.
 */
export class TestAccessTokens implements PublicKeyResolver {
  readonly policy = { issuer: 'platform-auth', audience: 'platform-api', clockToleranceSeconds: 30 };
  private readonly kid = randomUUID();
  private readonly pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  async resolve(kid: string): Promise<KeyObject> {
    if (kid !== this.kid) throw new InvalidTokenError('unknown kid');
    return this.pair.publicKey;
  }

  /** A valid access token for `userId` with `role`. */
  issue(userId: string = randomUUID(), role: Role = 'user'): string {
    return sign({ role }, this.pair.privateKey, {
      algorithm: 'ES256',
      header: { alg: 'ES256', typ: 'at+jwt', kid: this.kid },
      issuer: this.policy.issuer,
      audience: this.policy.audience,
      subject: userId,
      jwtid: randomUUID(),
      expiresIn: 300,
    });
  }

  /** The Authorization header of a fresh token. */
  header(userId?: string, role: Role = 'user'): { authorization: string } {
    return { authorization: `Bearer ${this.issue(userId, role)}` };
  }
}
