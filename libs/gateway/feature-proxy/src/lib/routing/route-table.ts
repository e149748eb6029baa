/** The services the gateway forwards to; each has a base URL in the gateway's config. */
export const UPSTREAMS = ['users', 'auth'] as const;
export type UpstreamName = (typeof UPSTREAMS)[number];

/** One public path prefix and the policy applied to everything under it. */
export interface RouteDefinition {
  /** Public prefix the route owns, as clients call it: `/api/v1/users` owns `/api/v1/users/**`. */
  prefix: string;
  upstream: UpstreamName;
  /** What replaces `prefix` on the way to the upstream (`/v1/users`). */
  upstreamPrefix: string;
  /** Longest wait for the upstream's response; the gateway's default when absent. */
  timeoutMs?: number;
}

/**
 * The gateway's routes: the only paths it exposes besides its own health and docs. Every
 * policy of a route (later: auth, rate limit, cache) is declared here and nowhere else.
 */
export const routeTable: readonly RouteDefinition[] = [
  { prefix: '/api/v1/users', upstream: 'users', upstreamPrefix: '/v1/users' },
  { prefix: '/api/v1/auth', upstream: 'auth', upstreamPrefix: '/v1/auth' },
];
