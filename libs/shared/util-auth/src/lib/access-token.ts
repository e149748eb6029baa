/**
 * A role name as access tokens carry it. Which roles exist is the platform's contract
 * (`Roles` in contracts); a verifier accepts those its policy lists (`AccessTokenPolicy.roles`).
 */
export type Role = string;

/**
 * JOSE `typ` of an access token (RFC 9068). Checked on every verification so that no other
 * JWT signed by the same keys (an ID token, a future token kind) is accepted as one.
 */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** The only signing algorithm accepted. An allow-list: `none`, HS256 and the rest fail. */
export const ACCESS_TOKEN_ALGORITHMS = ['ES256'] as const;

/** The claims auth puts in every access token. */
export interface AccessTokenClaims {
  iss: string;
  aud: string;
  /** The user's id. */
  sub: string;
  role: Role;
  /** Unique per token, for logs and revocation lists. */
  jti: string;
  /** The session (refresh-token family) the token was issued in, so a logout can revoke it. */
  sid?: string;
  iat: number;
  exp: number;
}

/** Who made a request, as read from a verified access token. */
export interface Caller {
  id: string;
  role: Role;
  tokenId: string;
  /** The session the token belongs to (absent in tokens minted without one). */
  sessionId?: string;
  /** The token's `exp`, in seconds since the epoch. */
  expiresAt: number;
}

/** What a verifier checks besides the signature. */
export interface AccessTokenPolicy {
  issuer: string;
  audience: string;
  /** Clock difference tolerated on `exp`, `iat` and `nbf`, in seconds. */
  clockToleranceSeconds: number;
  /** The roles a token may carry; a token with any other is refused (auth never mints one). */
  roles: readonly Role[];
}
