import type { RouteDefinition } from '@platform/gateway-util-routing';
import { RATE_LIMIT_CLASSES } from '@platform/gateway-util-routing';
import { parseCachePath } from './cache/cache-path';

const VERSION = /^v\d+$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
const MAX_TTL_SECONDS = 86_400;

/** The policy fields of one route (version, rate limit, cache, deprecation); `at` names it. */
export function validateRoutePolicies(route: RouteDefinition, at: string): string[] {
  return [
    ...versionProblems(route),
    ...rateLimitProblems(route),
    ...cacheProblems(route),
    ...deprecationProblems(route),
  ].map((problem) => `${at}: ${problem}`);
}

function versionProblems({ version, prefix }: RouteDefinition): string[] {
  if (version === undefined) return [];
  if (!VERSION.test(version)) return ['version must look like v1'];
  return prefix.split('/').includes(version) ? [] : [`version ${version} is not a segment of the prefix`];
}

function rateLimitProblems({ rateLimit }: RouteDefinition): string[] {
  const known: readonly string[] = [...RATE_LIMIT_CLASSES, 'none'];
  return rateLimit === undefined || known.includes(rateLimit) ? [] : [`rateLimit must be one of ${known.join(', ')}`];
}

function cacheProblems({ cache, access }: RouteDefinition): string[] {
  if (cache === undefined) return [];
  const problems: string[] = [];
  if (!(Number.isInteger(cache.ttlSeconds) && cache.ttlSeconds > 0 && cache.ttlSeconds <= MAX_TTL_SECONDS)) {
    problems.push(`cache.ttlSeconds must be an integer from 1 to ${MAX_TTL_SECONDS}`);
  }
  if (cache.scope === 'shared' && access !== 'public') {
    problems.push(
      'cache.scope "shared" is only for public routes: a bearer route answers per caller, so its entries must be per caller',
    );
  } else if (cache.scope === 'caller' && access !== 'bearer') {
    problems.push('cache.scope "caller" needs a bearer route (a caller to key on)');
  } else if (cache.scope !== 'shared' && cache.scope !== 'caller') {
    problems.push('cache.scope must be one of caller, shared');
  }
  if (!parseCachePath(cache.path))
    problems.push('cache.path must look like /:id or /a/:id (literal or :param segments)');
  return problems;
}

function deprecationProblems({ deprecation }: RouteDefinition): string[] {
  if (deprecation === undefined) return [];
  const problems: string[] = [];
  const since = isoDate(deprecation.since);
  if (since === undefined) problems.push('deprecation.since must be an ISO 8601 date');
  if (deprecation.sunset !== undefined) {
    const sunset = isoDate(deprecation.sunset);
    if (sunset === undefined) problems.push('deprecation.sunset must be an ISO 8601 date');
    else if (since !== undefined && sunset <= since)
      problems.push('deprecation.sunset must be after deprecation.since');
  }
  for (const field of ['link', 'sunsetLink'] as const) {
    const value = deprecation[field];
    if (value !== undefined && !isHttpUrl(value)) problems.push(`deprecation.${field} must be an http(s) URL`);
  }
  return problems;
}

function isoDate(value: string): number | undefined {
  const time = ISO_DATE.test(value) ? Date.parse(value) : NaN;
  return Number.isNaN(time) ? undefined : time;
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
