import type { JWTPayload } from 'jose';
import type { AccessTokenPolicy, Caller } from '../access-token';
import { InvalidTokenError } from '../token-errors';

/** Lower case only, as auth writes ids: one spelling per user, so ids compare as strings. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const isNumericDate = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * The caller named by the claims of a token whose signature, issuer, audience and expiry have
 * been verified. Their types and shapes are checked here (jose checks only presence and the
 * registered date claims), so a token auth would never mint is refused even if validly signed.
 */
export function callerFromClaims(
  payload: JWTPayload | string,
  policy: AccessTokenPolicy,
  nowSeconds = Date.now() / 1000,
): Caller {
  if (typeof payload !== 'object' || payload === null) throw new InvalidTokenError('payload is not a claims object');
  const { sub, role, jti, exp, iat, sid } = payload as Record<string, unknown>;
  if (typeof sub !== 'string' || !UUID.test(sub)) throw new InvalidTokenError('sub is not a user id');
  if (typeof role !== 'string' || !policy.roles.includes(role)) throw new InvalidTokenError('unknown role');
  if (typeof jti !== 'string' || jti.length === 0) throw new InvalidTokenError('no jti');
  if (!isNumericDate(exp)) throw new InvalidTokenError('no exp');
  if (!isNumericDate(iat)) throw new InvalidTokenError('no iat');
  if (iat > nowSeconds + policy.clockToleranceSeconds) throw new InvalidTokenError('issued in the future');
  if (sid !== undefined && (typeof sid !== 'string' || !UUID.test(sid)))
    throw new InvalidTokenError('sid is not a session id');
  return {
    id: sub,
    role,
    tokenId: jti,
    expiresAt: exp,
    ...(sid !== undefined && { sessionId: sid as string }),
  };
}
