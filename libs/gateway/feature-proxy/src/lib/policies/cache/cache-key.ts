import type { Caller } from '@platform/util-auth';
import type { RouteCachePolicy } from '../route-policies.types';

/**
 * The key of a cached answer. On `caller` routes it starts with the caller's id: the upstream
 * decides per caller (a user may read only their own user), so two callers never share an
 * entry. `shared` routes are public (validated), one entry per URL for everyone.
 */
export function cacheKey(policy: RouteCachePolicy, caller: Caller | undefined, url: string): string | undefined {
  if (policy.scope === 'shared') return `*|${url}`;
  return caller ? `${caller.id}|${url}` : undefined;
}

/**
 * The tags of an entry: the path's parameter values (the user it names) and the caller, so an
 * event about a user drops what names them and what was cached for them (their `/me`, and
 * anything their role allowed them to read, should that role change).
 */
export function cacheTags(params: readonly string[], caller: Caller | undefined): string[] {
  return caller ? [...params, caller.id] : [...params];
}
