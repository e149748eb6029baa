import { UPSTREAMS, type RouteDefinition } from './route-table';
import { toPublicPath } from './validate-route-table';

/**
 * The Location a client may see for the one `upstream` answered with. A path is mapped to its
 * public form by the answering upstream's routes first, then by any upstream's: the services name
 * each other's resources by the owner's path (auth's registration answers with users'
 * `/v1/users/<id>`). A path already public stays; any other path is dropped (undefined), so an
 * internal path never reaches the client. Anything else (an absolute URL) stays as it is.
 */
export function publicLocation(
  routes: readonly RouteDefinition[],
  upstream: string,
  location: string,
): string | undefined {
  if (!location.startsWith('/') || location.startsWith('//')) return location;
  const mapped = toPublicPath(routes, upstream, location) ?? firstMapped(routes, upstream, location);
  if (mapped !== undefined) return mapped;
  return routes.some((route) => owns(route.prefix, location)) ? location : undefined;
}

function firstMapped(routes: readonly RouteDefinition[], answering: string, path: string): string | undefined {
  for (const upstream of UPSTREAMS) {
    const mapped = upstream === answering ? undefined : toPublicPath(routes, upstream, path);
    if (mapped !== undefined) return mapped;
  }
  return undefined;
}

const owns = (prefix: string, path: string) =>
  path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`);
