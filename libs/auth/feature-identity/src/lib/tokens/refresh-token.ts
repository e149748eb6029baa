import { createHash, randomBytes } from 'node:crypto';

/**
 * Refresh tokens are opaque: 256 random bits, base64url. Only their SHA-256 is stored; a
 * plain hash is enough (no salt or slow hash) because the input is random, not a password.
 */
export function newRefreshToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export const hashRefreshToken = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();
