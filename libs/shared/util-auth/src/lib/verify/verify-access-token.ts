import { errors, jwtVerify, type JWTHeaderParameters } from 'jose';
import { ACCESS_TOKEN_ALGORITHMS, ACCESS_TOKEN_TYPE, type AccessTokenPolicy, type Caller } from '../access-token';
import type { PublicKeyResolver } from '../keys/public-key-resolver';
import { InvalidTokenError, KeysUnavailableError } from '../token-errors';
import { callerFromClaims } from './caller-from-claims';

/** RFC 9068 §4: `at+jwt`, or its full media type; media types compare case-insensitively. */
const ACCEPTED_TYPES = new Set([ACCESS_TOKEN_TYPE, `application/${ACCESS_TOKEN_TYPE}`]);

/** Short reasons for jose's rejections, for logs (clients are told one generic thing). */
function reasonOf(error: InstanceType<typeof errors.JOSEError>): string {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'invalid signature';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'not yet valid';
    if (error.claim === 'typ') return 'not an access token (typ)';
    return `${error.claim} ${error.reason}: ${error.message}`;
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return `not a JWT (${error.message})`;
  return `${error.code}: ${error.message}`;
}

/**
 * Checks the (still unverified) header before any key lookup, so a token of another kind never
 * makes the resolver fetch keys, and finds the key that must have signed it. jose has already
 * refused any algorithm but ES256 by then.
 */
function keyFor(keys: PublicKeyResolver) {
  return async (header: JWTHeaderParameters) => {
    const { typ, kid } = header as { typ?: unknown; kid?: unknown };
    if (typeof typ !== 'string' || !ACCEPTED_TYPES.has(typ.toLowerCase()))
      throw new InvalidTokenError('not an access token (typ)');
    if (typeof kid !== 'string' || kid.length === 0) throw new InvalidTokenError('no kid');
    try {
      return await keys.resolve(kid);
    } catch (error) {
      if (error instanceof InvalidTokenError || error instanceof KeysUnavailableError) throw error;
      // A resolver failing in an unforeseen way is an outage on our side, not a bad token.
      throw new KeysUnavailableError(`key lookup failed: ${(error as Error)?.message ?? String(error)}`, {
        cause: error,
      });
    }
  };
}

/**
 * Verifies an access token completely with jose (compact form, header, algorithm, signature,
 * issuer, audience, type, lifetime) plus the claims auth always sets, and returns its caller.
 * Every malformed input, whatever its bytes, is an InvalidTokenError; KeysUnavailableError when
 * the signing keys cannot be had. The one verifier of the platform: the gateway and every
 * service call it.
 */
export async function verifyAccessToken(
  token: string,
  keys: PublicKeyResolver,
  policy: AccessTokenPolicy,
): Promise<Caller> {
  if (!policy.issuer || !policy.audience) throw new Error('AccessTokenPolicy needs an issuer and an audience');
  if (typeof token !== 'string' || token.length === 0) throw new InvalidTokenError('not a JWT (empty)');
  let payload;
  try {
    ({ payload } = await jwtVerify(token, keyFor(keys), {
      algorithms: [...ACCESS_TOKEN_ALGORITHMS],
      issuer: policy.issuer,
      audience: policy.audience,
      typ: ACCESS_TOKEN_TYPE,
      clockTolerance: policy.clockToleranceSeconds,
      requiredClaims: ['exp', 'iat', 'sub', 'jti'],
    }));
  } catch (error) {
    if (error instanceof errors.JOSEError) throw new InvalidTokenError(reasonOf(error));
    throw error;
  }
  return callerFromClaims(payload, policy);
}
