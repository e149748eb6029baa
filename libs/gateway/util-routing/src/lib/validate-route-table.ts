import { UPSTREAMS, type RouteAccess, type RouteDefinition } from './route-table';

/** A check of one route's declaration; `at` names the route in the messages. */
export type RouteCheck = (route: RouteDefinition, at: string) => string[];

const ROUTE_ACCESS: readonly RouteAccess[] = ['public', 'bearer'];

const PATH_PREFIX = /^(\/[a-z0-9][a-z0-9._-]*)+$/;

/**
 * Checks the route table at start-up, so a mistake stops the gateway with a message instead of
 * misrouting traffic: well-formed prefixes, known upstreams, a known access policy, no prefix
 * owned twice. Nested prefixes are allowed (the longest wins) if they keep the parent's
 * mapping, so a path reaches the same upstream path whichever route serves it. `checks` add
 * the checks of what routes declare for others to apply (the policies' validateRoutePolicies).
 */
export function validateRouteTable(routes: readonly RouteDefinition[], ...checks: RouteCheck[]): string[] {
  const problems: string[] = [];
  routes.forEach((route, index) => {
    const at = `route ${index} (${route.prefix})`;
    if (!PATH_PREFIX.test(route.prefix))
      problems.push(`${at}: prefix must look like /a/b, lower-case, without a trailing slash`);
    if (!PATH_PREFIX.test(route.upstreamPrefix)) problems.push(`${at}: upstreamPrefix must look like /a/b`);
    if (!UPSTREAMS.includes(route.upstream)) problems.push(`${at}: unknown upstream "${route.upstream}"`);
    if (!ROUTE_ACCESS.includes(route.access)) problems.push(`${at}: access must be one of ${ROUTE_ACCESS.join(', ')}`);
    if (route.timeoutMs !== undefined && !(Number.isInteger(route.timeoutMs) && route.timeoutMs > 0)) {
      problems.push(`${at}: timeoutMs must be a positive integer`);
    }
    for (const check of checks) problems.push(...check(route, at));
    routes.slice(index + 1).forEach((other) => {
      if (other.prefix === route.prefix) problems.push(`${at}: ${other.prefix} is owned twice`);
      const [outer, inner] = other.prefix.startsWith(`${route.prefix}/`) ? [route, other] : [other, route];
      const nested = inner.prefix.startsWith(`${outer.prefix}/`);
      if (
        nested &&
        (inner.upstream !== outer.upstream || toUpstreamPath(outer, inner.prefix) !== inner.upstreamPrefix)
      ) {
        problems.push(`${at}: nested with ${other.prefix} but maps it to another upstream path`);
      }
    });
  });
  return problems;
}

/** Maps a public path (with query) to the upstream path, for a route that owns it. */
export function toUpstreamPath(route: RouteDefinition, url: string): string {
  return route.upstreamPrefix + url.slice(route.prefix.length);
}

/** Maps an upstream path (a Location header, an OpenAPI path) back to its public form, if routed. */
export function toPublicPath(routes: readonly RouteDefinition[], upstream: string, path: string): string | undefined {
  const route = routes
    .filter(
      (candidate) =>
        candidate.upstream === upstream &&
        (path === candidate.upstreamPrefix ||
          path.startsWith(`${candidate.upstreamPrefix}/`) ||
          path.startsWith(`${candidate.upstreamPrefix}?`)),
    )
    .reduce<
      RouteDefinition | undefined
    >((longest, candidate) => (longest && longest.upstreamPrefix.length >= candidate.upstreamPrefix.length ? longest : candidate), undefined);
  return route && route.prefix + path.slice(route.upstreamPrefix.length);
}

/** The part of the public prefix a route removes (`/api` for /api/v1/users → /v1/users), if any. */
export function removedPrefix(route: RouteDefinition): string | undefined {
  return route.prefix.endsWith(route.upstreamPrefix) && route.prefix !== route.upstreamPrefix
    ? route.prefix.slice(0, -route.upstreamPrefix.length)
    : undefined;
}
