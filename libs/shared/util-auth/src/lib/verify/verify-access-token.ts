import { JsonWebTokenError, NotBeforeError, TokenExpiredError, verify, type VerifyOptions } from 'jsonwebtoken';
import { ACCESS_TOKEN_ALGORITHMS, type AccessTokenPolicy, type Caller } from '../access-token';
import type { PublicKeyResolver } from '../keys/public-key-resolver';
import { InvalidTokenError } from '../token-errors';
import { callerFromClaims } from './caller-from-claims';
import { signingKeyFor } from './signing-key-for';

/** What jsonwebtoken checks for us; shared by verifyAccessToken and the passport strategy. */
export function accessTokenVerifyOptions(policy: AccessTokenPolicy): VerifyOptions & { algorithms: VerifyOptions['algorithms'] } {
  // jsonwebtoken skips these checks when given an empty value; never let that happen silently.
  if (!policy.issuer || !policy.audience) throw new Error('AccessTokenPolicy needs an issuer and an audience');
  return {
    algorithms: [...ACCESS_TOKEN_ALGORITHMS],
    issuer: policy.issuer,
    audience: policy.audience,
    clockTolerance: policy.clockToleranceSeconds,
  };
}

/** jsonwebtoken's rejection as an InvalidTokenError; anything else is a bug and passes through. */
export function asInvalidToken(error: unknown): unknown {
  if (error instanceof TokenExpiredError) return new InvalidTokenError('expired');
  if (error instanceof NotBeforeError) return new InvalidTokenError('not yet valid');
  if (error instanceof JsonWebTokenError) return new InvalidTokenError(error.message);
  return error;
}

/**
 * Verifies an access token completely (header, signature, issuer, audience, lifetime, claims)
 * and returns its caller. Rejects with InvalidTokenError, or KeysUnavailableError when the
 * signing keys cannot be fetched.
 */
export async function verifyAccessToken(token: string, keys: PublicKeyResolver, policy: AccessTokenPolicy): Promise<Caller> {
  const key = await signingKeyFor(token, keys);
  let payload;
  try {
    payload = verify(token, key, accessTokenVerifyOptions(policy));
  } catch (error) {
    throw asInvalidToken(error);
  }
  return callerFromClaims(payload, policy);
}
