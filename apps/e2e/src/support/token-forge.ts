import type { TestDatabase } from '@platform/testing';
import {
  createDecipheriv,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as cryptoSign,
  type KeyObject,
} from 'node:crypto';

const b64url = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A compact ES256 JWS of exactly the given header and payload, whatever their types. */
function sign(payload: object, key: KeyObject, options: { header: object }): string {
  const input = `${b64url(options.header)}.${b64url(payload)}`;
  return `${input}.${cryptoSign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

/**
 * Mints tokens the way an attacker (or a buggy issuer) might: with auth's real key but wrong
 * claims, with another key, with `alg: none`, or HS256 keyed by the public key. It opens
 * auth's newest signing key from the database with the platform's AUTH_KEY_ENCRYPTION_KEY.
 */
export class TokenForge {
  private constructor(
    readonly kid: string,
    private readonly realKey: KeyObject,
    private readonly publicPem: string,
  ) {}

  static async open(authDb: TestDatabase, keyEncryptionKey: Buffer): Promise<TokenForge> {
    const [row] = await authDb.query<{ kid: string; sealed: string; jwk: Record<string, string> }>(
      `SELECT kid, private_key_encrypted AS sealed, public_jwk AS jwk FROM signing_keys ORDER BY created_at DESC LIMIT 1`,
    );
    const [, iv, tag, data] = row.sealed.split('.');
    const decipher = createDecipheriv('aes-256-gcm', keyEncryptionKey, Buffer.from(iv, 'base64url')).setAAD(
      Buffer.from(row.kid),
    );
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const der = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]);
    const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    const publicPem = createPublicKey(key).export({ format: 'pem', type: 'spki' }).toString();
    return new TokenForge(row.kid, key, publicPem);
  }

  /** A token signed with auth's real key; `claims` and `header` override the valid defaults. */
  signed(claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      iss: 'platform-auth',
      aud: 'platform-api',
      role: 'user',
      jti: `forged-${now}-${Math.random()}`,
      iat: now,
      exp: now + 300,
      ...claims,
    };
    return sign(payload, this.realKey, { header: { alg: 'ES256', typ: 'at+jwt', kid: this.kid, ...header } });
  }

  /** Valid claims, signed by a key auth never had, under auth's kid. */
  withForeignKey(claims: Record<string, unknown>): string {
    const foreign = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const now = Math.floor(Date.now() / 1000);
    return sign(
      { iss: 'platform-auth', aud: 'platform-api', role: 'admin', jti: 'x', iat: now, exp: now + 300, ...claims },
      foreign,
      {
        header: { alg: 'ES256', typ: 'at+jwt', kid: this.kid },
      },
    );
  }

  /** `alg: none`, no signature. */
  unsigned(claims: Record<string, unknown>): string {
    const now = Math.floor(Date.now() / 1000);
    return `${b64url({ alg: 'none', typ: 'at+jwt', kid: this.kid })}.${b64url({ iss: 'platform-auth', aud: 'platform-api', role: 'admin', jti: 'x', iat: now, exp: now + 300, ...claims })}.`;
  }

  /** The classic key-confusion attack: HS256 with auth's public key (PEM) as the HMAC secret. */
  hmacWithPublicKey(claims: Record<string, unknown>): string {
    const now = Math.floor(Date.now() / 1000);
    const head = b64url({ alg: 'HS256', typ: 'at+jwt', kid: this.kid });
    const body = b64url({
      iss: 'platform-auth',
      aud: 'platform-api',
      role: 'admin',
      jti: 'x',
      iat: now,
      exp: now + 300,
      ...claims,
    });
    const signature = createHmac('sha256', this.publicPem).update(`${head}.${body}`).digest('base64url');
    return `${head}.${body}.${signature}`;
  }
}
