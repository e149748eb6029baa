import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { ACCESS_TOKEN_ALGORITHMS } from '../access-token';

interface Jwk extends JsonWebKey {
  kid?: unknown;
  alg?: unknown;
  use?: unknown;
}

const isUsableJwk = (jwk: Jwk): boolean =>
  jwk.kty === 'EC' &&
  jwk.crv === 'P-256' &&
  typeof jwk.kid === 'string' &&
  jwk.kid.length > 0 &&
  // `alg` and `use` are optional in a JWK; when present they must say "ES256 signatures".
  (jwk.alg === undefined || (ACCESS_TOKEN_ALGORITHMS as readonly unknown[]).includes(jwk.alg)) &&
  (jwk.use === undefined || jwk.use === 'sig');

/**
 * The ES256 verification keys of a JWKS document, by kid. Keys of other types, curves or uses
 * are skipped rather than refused, so auth can publish more kinds later without breaking us.
 * Throws only when the document itself is not a JWKS.
 */
export function signingKeysFromJwks(document: unknown): Map<string, KeyObject> {
  const keys = (document as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new Error('not a JWKS: no "keys" array');
  const usable = new Map<string, KeyObject>();
  for (const jwk of keys as Jwk[]) {
    if (typeof jwk !== 'object' || jwk === null || !isUsableJwk(jwk) || usable.has(jwk.kid as string)) continue;
    try {
      usable.set(jwk.kid as string, createPublicKey({ key: jwk, format: 'jwk' }));
    } catch {
      // Malformed coordinates: skip this key, keep the others.
    }
  }
  return usable;
}
