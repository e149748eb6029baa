import { HttpStatus } from '@nestjs/common';
import { ProblemException, ProblemTypes } from '@platform/util-http';
import type { Role } from '../access-token';
import { InvalidTokenError, KeysUnavailableError } from '../token-errors';

const REALM = 'Bearer realm="platform"';

/**
 * 401 with the RFC 6750 challenge. `error="invalid_token"` only when a bearer token was sent:
 * a request without credentials gets the bare challenge (§3.1). The detail is the same for
 * every reason, so a client cannot probe which check a forged token failed.
 */
export function unauthenticatedProblem(tokenPresented: boolean): ProblemException {
  return new ProblemException(
    HttpStatus.UNAUTHORIZED,
    { type: ProblemTypes.unauthenticated, detail: 'A valid bearer access token is required.' },
    { 'WWW-Authenticate': tokenPresented ? `${REALM}, error="invalid_token"` : REALM },
  );
}

/** 503 when the signing keys cannot be had: the client should retry, not sign in again. */
export function keysUnavailableProblem(): ProblemException {
  return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, {
    type: ProblemTypes.dependencyUnavailable,
    detail: 'Access tokens cannot be checked right now. Try again shortly.',
  });
}

export function forbiddenProblem(allowed: readonly Role[]): ProblemException {
  return new ProblemException(HttpStatus.FORBIDDEN, {
    type: ProblemTypes.forbidden,
    detail: `This operation needs the ${allowed.join(' or ')} role.`,
  });
}

/**
 * The answer to a failed verifyAccessToken (for routes outside Nest's guards, like the gateway's
 * proxy): 503 for unavailable keys, 401 for anything wrong with the token. Anything else is a
 * bug and is returned as is, to become a 500 without internals.
 */
export function authProblemFor(error: unknown): unknown {
  if (error instanceof KeysUnavailableError) return keysUnavailableProblem();
  if (error instanceof InvalidTokenError) return unauthenticatedProblem(true);
  return error;
}
