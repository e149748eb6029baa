import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Seals private signing keys for storage with AES-256-GCM under a key that only the
 * environment holds (`AUTH_KEY_ENCRYPTION_KEY`): a copy of the database alone cannot sign.
 * Format: `v1.<iv>.<tag>.<ciphertext>`, base64url parts; the kid is bound as associated data
 * so a sealed key cannot be swapped onto another row. Auth seals and opens its keys with it; the
 * test helpers open them with it too (TokenForge), so tests never re-implement the format.
 */
export class KeyEncryption {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('AUTH_KEY_ENCRYPTION_KEY must be 32 bytes (base64-encoded)');
  }

  seal(plaintext: Buffer, kid: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(kid));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** Throws if the envelope was made with another key, for another kid, or was altered. */
  open(sealed: string, kid: string): Buffer {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || !ciphertext)
      throw new Error(`Signing key ${kid} is not in a known sealed format`);
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(kid));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
  }
}
