const SCHEME = /^bearer +/i;

/**
 * The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1; the scheme is
 * case-insensitive), or undefined when the request carries no bearer credentials at all. What
 * follows the scheme is returned as is, however malformed: the verifier refuses it as an
 * invalid token, so every malformed token gets the same answer at the gateway and the services.
 */
export function bearerTokenOf(authorization: string | string[] | undefined): string | undefined {
  if (typeof authorization !== 'string') return undefined;
  const scheme = SCHEME.exec(authorization);
  return scheme ? authorization.slice(scheme[0].length).trim() : undefined;
}
