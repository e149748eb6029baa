/**
 * Route classes for rate limiting: each has a budget per consumer from the gateway's config
 * (GATEWAY_RATE_LIMIT_<CLASS>, e.g. 600/60s). `none` exempts a route, deliberately.
 */
export const RATE_LIMIT_CLASSES = ['standard', 'auth'] as const;
export type RateLimitClass = (typeof RATE_LIMIT_CLASSES)[number];

/**
 * Which responses of a route the gateway may cache, and for how long.
 * - `caller`: one entry per caller (token subject). Required on bearer routes: the upstream
 *   decides per caller (object-level access), so a shared entry would hand one caller's answer
 *   to another.
 * - `shared`: one entry for everyone; only on public routes.
 */
export interface RouteCachePolicy {
  ttlSeconds: number;
  scope: 'caller' | 'shared';
  /**
   * The cached paths below the prefix, e.g. `/:id`: literal segments and `:param` segments (one
   * path segment each). Param values and the caller tag the entry, so an event about a user
   * drops every entry that names that user or was cached for them.
   */
  path: string;
}

/** A route on its way out: sent as `Deprecation`, `Sunset` and `Link` response headers. */
export interface RouteDeprecation {
  /** When the route was (or will be) deprecated: an ISO 8601 date or date-time. */
  since: string;
  /** When it will stop answering: an ISO 8601 date or date-time, after `since`. */
  sunset?: string;
  /** Page about the deprecation and how to migrate (`Link: <…>; rel="deprecation"`). */
  link?: string;
  /** Page about the sunset policy (`Link: <…>; rel="sunset"`). */
  sunsetLink?: string;
}
