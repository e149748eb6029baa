import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import type { StoredSigningKey } from '@platform/auth-data-access';
import { ACCESS_TOKEN_ALGORITHMS } from '@platform/util-auth';
import type { KeyEncryption } from '@platform/util-auth';

export const SIGNING_ALGORITHM = ACCESS_TOKEN_ALGORITHMS[0];

/** RFC 7638 thumbprint of an EC public key: a kid that names the key itself. */
export function thumbprintOf(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}

/** A new ES256 key pair, its private half sealed for storage. */
export function generateSigningKey(encryption: KeyEncryption): Omit<StoredSigningKey, 'createdAt'> {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicJwk = publicKey.export({ format: 'jwk' });
  const kid = thumbprintOf(publicJwk);
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  return { kid, algorithm: SIGNING_ALGORITHM, publicJwk, privateKeyEncrypted: encryption.seal(pkcs8, kid) };
}

/** A stored key made usable: the public key always, the private one when it is opened. */
export class SigningKey {
  readonly publicKey: KeyObject;
  private privateKey?: KeyObject;

  constructor(
    readonly stored: StoredSigningKey,
    private readonly encryption: KeyEncryption,
  ) {
    this.publicKey = createPublicKey({ key: stored.publicJwk, format: 'jwk' });
  }

  get kid(): string {
    return this.stored.kid;
  }

  /** Opened on first use and kept: only the newest key ever signs. */
  signingKey(): KeyObject {
    if (!this.privateKey) {
      let der: Buffer;
      try {
        der = this.encryption.open(this.stored.privateKeyEncrypted, this.kid);
      } catch {
        throw new Error(
          `AUTH_KEY_ENCRYPTION_KEY cannot open signing key ${this.kid}: it was sealed with another key. Restore the previous AUTH_KEY_ENCRYPTION_KEY.`,
        );
      }
      this.privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    }
    return this.privateKey;
  }

  /** The public JWK as published in the JWKS. */
  toJwk(): JsonWebKey {
    const { kty, crv, x, y } = this.stored.publicJwk;
    return { kty, crv, x, y, kid: this.kid, alg: this.stored.algorithm, use: 'sig' };
  }
}
