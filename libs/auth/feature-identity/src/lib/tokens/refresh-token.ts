import { createHash, randomBytes } from 'node:crypto';

/** What a refresh token in a request may look like: base64url, bounded (ours are 43 characters). */
export const REFRESH_TOKEN_PATTERN = /^[A-Za-z0-9_-]+$/;
export const REFRESH_TOKEN_MAX_LENGTH = 128;

/**
 * Refresh tokens are opaque: 256 random bits, base64url. Only their SHA-256 is stored; a
 * plain hash is enough (no salt or slow hash) because the input is random, not a password.
 */
export function newRefreshToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export const hashRefreshToken = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();
