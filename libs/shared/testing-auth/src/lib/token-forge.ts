import { KeyEncryption } from '@platform/util-auth';
import { forgeToken, generateSigningKey, mintAccessToken, type TestSigningKey } from '@platform/util-auth/testing';
import { createHmac, createPrivateKey, createPublicKey } from 'node:crypto';
import type { TestDatabase } from '@platform/testing';

/** Claims auth would put in a token, for `role`; `claims` override them. */
function claimsOf(role: string, claims: Record<string, unknown>): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: 'platform-auth',
    aud: 'platform-api',
    role,
    jti: `forged-${now}-${Math.random()}`,
    iat: now,
    exp: now + 300,
    ...claims,
  };
}

/**
 * Mints tokens the way an attacker (or a buggy issuer) might: with auth's real key but wrong
 * claims, with another key, with `alg: none`, or HS256 keyed by the public key. It opens auth's
 * newest signing key from the database with auth's own KeyEncryption and the platform's
 * AUTH_KEY_ENCRYPTION_KEY, and signs with the one test minter (`mintAccessToken`, `forgeToken`).
 */
export class TokenForge {
  private constructor(
    private readonly real: TestSigningKey,
    private readonly publicPem: string,
  ) {}

  get kid(): string {
    return this.real.kid;
  }

  static async open(authDb: TestDatabase, keyEncryptionKey: Buffer): Promise<TokenForge> {
    const [row] = await authDb.query<{ kid: string; sealed: string; jwk: TestSigningKey['jwk'] }>(
      `SELECT kid, private_key_encrypted AS sealed, public_jwk AS jwk FROM signing_keys ORDER BY created_at DESC LIMIT 1`,
    );
    const der = new KeyEncryption(keyEncryptionKey).open(row.sealed, row.kid);
    const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    const publicKey = createPublicKey(privateKey);
    const publicPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    return new TokenForge({ kid: row.kid, privateKey, publicKey, jwk: row.jwk }, publicPem);
  }

  /** A token signed with auth's real key; `claims` and `header` override the valid defaults. */
  signed(claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
    return mintAccessToken(this.real, claimsOf('user', claims), header);
  }

  /** Valid claims, signed by a key auth never had, under auth's kid. */
  withForeignKey(claims: Record<string, unknown>): string {
    return mintAccessToken(generateSigningKey(this.kid), claimsOf('admin', claims));
  }

  /** `alg: none`, no signature. */
  unsigned(claims: Record<string, unknown>): string {
    return forgeToken({ alg: 'none', typ: 'at+jwt', kid: this.kid }, claimsOf('admin', claims), () => '');
  }

  /** The classic key-confusion attack: HS256 with auth's public key (PEM) as the HMAC secret. */
  hmacWithPublicKey(claims: Record<string, unknown>): string {
    return forgeToken({ alg: 'HS256', typ: 'at+jwt', kid: this.kid }, claimsOf('admin', claims), (input) =>
      createHmac('sha256', this.publicPem).update(input).digest('base64url'),
    );
  }
}
