import type { RouteCachePolicy } from '@platform/gateway-util-routing';

/** Representation headers kept with an entry; everything else (request id, CORS, rate limits) is per request. */
export const STORED_HEADERS = ['content-type', 'etag', 'last-modified', 'cache-control', 'content-language'] as const;

/** Largest body stored; bigger answers stream through uncached. */
export const MAX_ENTRY_BYTES = 256 * 1024;

/** Cache-Control directives, lower-cased, with their numeric value when they have one. */
export function parseCacheControl(header: unknown): ReadonlyMap<string, number | true> {
  const text = Array.isArray(header) ? header.join(',') : typeof header === 'string' ? header : '';
  let directives = parsedDirectives.get(text);
  if (directives) return directives;
  directives = parseDirectives(text);
  if (parsedDirectives.size >= PARSED_DIRECTIVES_KEPT) parsedDirectives.clear();
  parsedDirectives.set(text, directives);
  return directives;
}

/**
 * Headers already parsed. A gateway sees the same few Cache-Control values again and again (its
 * clients' and its upstreams'), and parses two per cached route and request; the bound keeps a
 * client that sends a new value every time from growing it.
 */
const parsedDirectives = new Map<string, ReadonlyMap<string, number | true>>();
const PARSED_DIRECTIVES_KEPT = 64;

function parseDirectives(text: string): ReadonlyMap<string, number | true> {
  const directives = new Map<string, number | true>();
  for (const part of text.split(',')) {
    const [name, value] = part.trim().toLowerCase().split('=', 2);
    if (!name) continue;
    const seconds = value === undefined ? NaN : Number(value.replace(/"/g, ''));
    directives.set(name, Number.isInteger(seconds) ? seconds : true);
  }
  return directives;
}

/**
 * How long a 200 answer to a GET may be served from the cache, or undefined when it must not be
 * stored. The route's TTL is the longest; the upstream can shorten it (max-age, s-maxage for
 * shared entries) or forbid storing (no-store, no-cache). `private` answers are stored only per
 * caller: the gateway then acts as that caller's own cache. Cookies, encoded bodies and
 * `Vary: *` are never stored, nor bodies without a length or larger than MAX_ENTRY_BYTES.
 */
export function freshnessMs(headers: Record<string, unknown>, policy: RouteCachePolicy): number | undefined {
  if (headers['set-cookie'] !== undefined || headers['content-encoding'] !== undefined) return undefined;
  if (String(headers['vary'] ?? '').includes('*')) return undefined;
  const length = Number(headers['content-length']);
  if (!(Number.isInteger(length) && length <= MAX_ENTRY_BYTES)) return undefined;
  const directives = parseCacheControl(headers['cache-control']);
  if (directives.has('no-store') || directives.has('no-cache')) return undefined;
  if (directives.has('private') && policy.scope !== 'caller') return undefined;
  const upstreamMax =
    policy.scope === 'shared' ? (directives.get('s-maxage') ?? directives.get('max-age')) : directives.get('max-age');
  const seconds = typeof upstreamMax === 'number' ? Math.min(upstreamMax, policy.ttlSeconds) : policy.ttlSeconds;
  return seconds > 0 ? seconds * 1000 : undefined;
}

/** Whether If-None-Match names the entry's ETag (weak comparison, RFC 9110 §13.1.2). */
export function ifNoneMatchHits(ifNoneMatch: string | undefined, etag: string | undefined): boolean {
  if (!ifNoneMatch || !etag) return false;
  const current = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => {
    const candidate = tag.trim();
    return candidate === '*' || candidate.replace(/^W\//, '') === current;
  });
}
