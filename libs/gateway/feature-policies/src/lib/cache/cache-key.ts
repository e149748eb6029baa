import type { ExchangeCaller } from '@platform/util-http';
import type { RouteCachePolicy } from '@platform/gateway-util-routing';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_ANYWHERE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * An id in the one form entries are tagged with: a UUID in lower case (UUIDs are case-insensitive,
 * RFC 9562 §4, and users and its events spell them in lower case), anything else as it is. Else a
 * user read by `/users/<ID>` would escape the invalidation of `<id>`, and stay stale for the TTL.
 */
export function canonicalId(value: string): string {
  return UUID.test(value) ? value.toLowerCase() : value;
}

/** The URL with the UUIDs of its path in lower case: one entry however a client spells an id. */
export function canonicalUrl(url: string): string {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  // The usual case, nothing to change: no copy.
  if (!/[A-F]/.test(path)) return url;
  return path.replace(UUID_ANYWHERE, (id) => id.toLowerCase()) + (query === -1 ? '' : url.slice(query));
}

/**
 * The key of a cached answer. On `caller` routes it starts with the caller's id: the upstream
 * decides per caller (a user may read only their own user), so two callers never share an
 * entry. `shared` routes are public (validated), one entry per URL for everyone.
 */
export function cacheKey(
  policy: RouteCachePolicy,
  caller: ExchangeCaller | undefined,
  url: string,
): string | undefined {
  if (policy.scope === 'shared') return `*|${canonicalUrl(url)}`;
  return caller ? `${caller.id}|${canonicalUrl(url)}` : undefined;
}

/**
 * The tags of an entry: the path's parameter values (the user it names) and the caller, so an
 * event about a user drops what names them and what was cached for them (their `/me`, and
 * anything their role allowed them to read, should that role change).
 */
export function cacheTags(params: readonly string[], caller: ExchangeCaller | undefined): string[] {
  return caller ? [...params, caller.id] : [...params];
}
