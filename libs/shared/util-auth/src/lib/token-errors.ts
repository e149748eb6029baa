/**
 * A token that must be refused: malformed, badly signed, expired, for someone else. `message`
 * is a short reason for logs only; clients get one generic answer, so probing learns nothing.
 */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

/**
 * The signing keys could not be obtained (auth unreachable, a malformed JWKS) and the token's
 * key is not cached. Not the caller's fault: answered 503, not 401, so clients retry instead of
 * logging users out.
 */
export class KeysUnavailableError extends Error {
  override readonly name = 'KeysUnavailableError';
}
