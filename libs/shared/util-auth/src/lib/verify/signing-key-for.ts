import type { KeyObject } from 'node:crypto';
import { decode } from 'jsonwebtoken';
import { ACCESS_TOKEN_ALGORITHMS, ACCESS_TOKEN_TYPE } from '../access-token';
import type { PublicKeyResolver } from '../keys/public-key-resolver';
import { InvalidTokenError, KeysUnavailableError } from '../token-errors';

/** RFC 9068 §4: `at+jwt`, or its full media type; media types compare case-insensitively. */
const ACCEPTED_TYPES = new Set([ACCESS_TOKEN_TYPE, `application/${ACCESS_TOKEN_TYPE}`]);

/**
 * Checks the (still unverified) header of an access token and finds the key that must have
 * signed it. Runs before any signature check, so a token of another kind or algorithm never
 * reaches a key lookup, and the key for `kid` is only ever used with ES256.
 */
export async function signingKeyFor(token: string, keys: PublicKeyResolver): Promise<KeyObject> {
  const decoded = typeof token === 'string' ? decode(token, { complete: true }) : null;
  if (!decoded) throw new InvalidTokenError('not a JWT');
  const { typ, alg, kid } = decoded.header;
  if (typeof typ !== 'string' || !ACCEPTED_TYPES.has(typ.toLowerCase())) throw new InvalidTokenError('not an access token (typ)');
  if (!(ACCESS_TOKEN_ALGORITHMS as readonly string[]).includes(alg)) throw new InvalidTokenError('algorithm not allowed');
  if (typeof kid !== 'string' || kid.length === 0) throw new InvalidTokenError('no kid');
  try {
    return await keys.resolve(kid);
  } catch (error) {
    if (error instanceof InvalidTokenError || error instanceof KeysUnavailableError) throw error;
    // A resolver failing in an unforeseen way is an outage on our side, not a bad token.
    throw new KeysUnavailableError(`key lookup failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
}
