import { InvalidTokenError, type PublicKeyResolver, type Role } from '@platform/util-auth';
import { accessTokenClaims, generateSigningKey, mintAccessToken } from '@platform/util-auth/testing';
import { randomUUID, type KeyObject } from 'node:crypto';

/**
 * An in-process token issuer for integration tests of services: a real ES256 key pair, the
 * resolver a BearerAuthModule verifies with, and tokens as auth would sign them.
 */
export class TestAccessTokens implements PublicKeyResolver {
  readonly policy = {
    issuer: 'platform-auth',
    audience: 'platform-api',
    clockToleranceSeconds: 30,
    roles: ['user', 'admin'],
  };
  private readonly key = generateSigningKey();

  async resolve(kid: string): Promise<KeyObject> {
    if (kid !== this.key.kid) throw new InvalidTokenError('unknown kid');
    return this.key.publicKey;
  }

  /** A valid access token for `userId` with `role`. */
  issue(userId: string = randomUUID(), role: Role = 'user'): string {
    return mintAccessToken(
      this.key,
      accessTokenClaims({ sub: userId, role, iss: this.policy.issuer, aud: this.policy.audience }),
    );
  }

  /** The Authorization header of a fresh token. */
  header(userId?: string, role: Role = 'user'): { authorization: string } {
    return { authorization: `Bearer ${this.issue(userId, role)}` };
  }
}
