import { randomBytes } from 'node:crypto';
import { KeyEncryption } from './key-encryption';

describe('KeyEncryption', () => {
  const encryption = new KeyEncryption(randomBytes(32));
  const secret = Buffer.from('-----BEGIN PRIVATE KEY-----...');

  it('opens what it sealed, and the envelope does not contain the plaintext', () => {
    const sealed = encryption.seal(secret, 'kid-1');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('PRIVATE');
    expect(encryption.open(sealed, 'kid-1')).toEqual(secret);
  });

  it('refuses another key, another kid and an altered envelope', () => {
    const sealed = encryption.seal(secret, 'kid-1');
    expect(() => new KeyEncryption(randomBytes(32)).open(sealed, 'kid-1')).toThrow();
    expect(() => encryption.open(sealed, 'kid-2')).toThrow();
    const [v, iv, tag, data] = sealed.split('.');
    const flipped = Buffer.from(data, 'base64url');
    flipped[0] ^= 1;
    expect(() => encryption.open([v, iv, tag, flipped.toString('base64url')].join('.'), 'kid-1')).toThrow();
  });

  it('insists on a 32-byte key', () => {
    expect(() => new KeyEncryption(randomBytes(16))).toThrow(/AUTH_KEY_ENCRYPTION_KEY must be 32 bytes/);
  });
});
