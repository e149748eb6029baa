import type { RateLimitClass, RouteCachePolicy, RouteDeprecation } from './route-policies.types';

/** The services the gateway forwards to; each has a base URL in the gateway's config. */
export const UPSTREAMS = ['users', 'auth'] as const;
export type UpstreamName = (typeof UPSTREAMS)[number];

/**
 * Who may call a route: anyone, or only a caller with a valid access token (verified here at
 * the edge with auth's public keys, and again by the service).
 */
export type RouteAccess = 'public' | 'bearer';

/** One public path prefix and the policy applied to everything under it. */
export interface RouteDefinition {
  /** Public prefix the route owns, as clients call it: `/api/v1/users` owns `/api/v1/users/**`. */
  prefix: string;
  upstream: UpstreamName;
  /** What replaces `prefix` on the way to the upstream (`/v1/users`). */
  upstreamPrefix: string;
  access: RouteAccess;
  /** Longest wait for the upstream's response; the gateway's default when absent. */
  timeoutMs?: number;
  /** API version the prefix serves (`v1`); must be a segment of the prefix. */
  version?: string;
  /** Budget per consumer; `standard` when absent, `none` exempts the route. */
  rateLimit?: RateLimitClass | 'none';
  /** GET responses the gateway may answer from its cache; none when absent. */
  cache?: RouteCachePolicy;
  /** Set when the route is deprecated: clients are told with response headers. */
  deprecation?: RouteDeprecation;
}

/**
 * The gateway's routes: the only paths it exposes besides its own health and docs. Every
 * policy of a route is declared here and nowhere else. A path belongs to the longest prefix
 * that contains it, so a nested route carves an exception out of its parent.
 */
export const routeTable: readonly RouteDefinition[] = [
  {
    prefix: '/api/v1/users',
    upstream: 'users',
    upstreamPrefix: '/v1/users',
    access: 'bearer',
    version: 'v1',
    rateLimit: 'standard',
    // One user by id (or /me), per caller; users' events drop the entries of a changed user.
    cache: { ttlSeconds: 30, scope: 'caller', path: '/:id' },
  },
  // register, login, refresh, logout and the JWKS need no token; changing a password does.
  {
    prefix: '/api/v1/auth',
    upstream: 'auth',
    upstreamPrefix: '/v1/auth',
    access: 'public',
    version: 'v1',
    rateLimit: 'auth',
  },
  {
    prefix: '/api/v1/auth/password',
    upstream: 'auth',
    upstreamPrefix: '/v1/auth/password',
    access: 'bearer',
    version: 'v1',
    rateLimit: 'auth',
  },
];
