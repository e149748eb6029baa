import type { RouteCachePolicy, RouteDefinition } from '@platform/gateway-util-routing';
import type { Exchange } from '@platform/util-http';
import type { IncomingHttpHeaders } from 'node:http';
import type { KeepBody } from '../route-policies';
import { cacheKey, cacheTags } from './cache-key';
import { matchCachePath, parseCachePath } from './cache-path';
import { freshnessMs, ifNoneMatchHits, parseCacheControl, STORED_HEADERS } from './cacheability';
import type { ResponseCache } from './response-cache';
import type { CachedResponse, Lookup } from './response-store';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A cache entry waiting for the upstream's answer: its key, tags and the lookup's sequence. */
interface PendingCacheEntry {
  key: string;
  tags: string[];
  seq: number;
}

/** Where each GET that missed is to be stored, until its answer arrives (gone with the exchange). */
const pendingEntries = new WeakMap<Exchange, PendingCacheEntry>();

/** Headers a 304 repeats from the entry (RFC 9110 §15.4.5). */
const NOT_MODIFIED_HEADERS = ['etag', 'cache-control', 'last-modified'];

/**
 * The cache of one route: answers GETs from it, stores the upstream's cacheable answers, and
 * drops what a write through this gateway changed (the event does it too, for writes made
 * elsewhere, but a client expects to read its own write at once).
 */
export class RouteCache {
  private readonly segments: NonNullable<ReturnType<typeof parseCachePath>>;

  constructor(
    private readonly route: RouteDefinition,
    private readonly policy: RouteCachePolicy,
    private readonly cache: ResponseCache,
  ) {
    const segments = parseCachePath(policy.path);
    if (!segments)
      throw new Error(`route ${route.prefix}: invalid cache.path ${policy.path} (validateRouteTable refuses it)`);
    this.segments = segments;
  }

  /**
   * Answers a GET from the cache (true), or notes where to store the upstream's answer (false).
   * Synchronous with the memory store.
   */
  serve(exchange: Exchange): boolean | Promise<boolean> {
    if (exchange.method !== 'GET' || !this.cache.usable) return false;
    const params = this.paramsOf(exchange.path);
    const key = params && cacheKey(this.policy, exchange.caller, exchange.url);
    if (!params || !key) return false;
    const found = this.cache.lookup(key);
    return found instanceof Promise
      ? found.then((lookup) => this.serveFrom(exchange, params, key, lookup))
      : this.serveFrom(exchange, params, key, found);
  }

  private serveFrom(exchange: Exchange, params: string[], key: string, { entry, seq }: Lookup): boolean {
    // A client's no-cache asks for the upstream's answer (which then refreshes the entry); note
    // that fetch() adds it to any request given an If-None-Match and no Cache-Control of its own.
    const header = exchange.request.headers['cache-control'];
    const directives = header === undefined ? undefined : parseCacheControl(header);
    if (entry && !directives?.has('no-cache')) {
      this.answer(exchange, entry);
      return true;
    }
    if (!directives?.has('no-store'))
      pendingEntries.set(exchange, { key, tags: cacheTags(params, exchange.caller), seq });
    return false;
  }

  /**
   * With the upstream's answer head: after a write, drops the entries of what it named and of its
   * caller before the client hears back, so its next read is fresh. For a GET whose answer may be
   * stored, returns where its body goes.
   */
  onUpstreamAnswer(
    exchange: Exchange,
    status: number,
    headers: IncomingHttpHeaders,
  ): KeepBody | undefined | Promise<undefined> {
    if (WRITES.has(exchange.method)) return this.invalidateAfterWrite(exchange);
    const pending = pendingEntries.get(exchange);
    if (!pending || status !== 200) return undefined;
    const ttlMs = freshnessMs(headers, this.policy);
    if (ttlMs === undefined) return undefined;
    exchange.headers['x-cache'] = 'MISS';
    return (body) => {
      const stored: Record<string, string> = {};
      for (const name of STORED_HEADERS) if (typeof headers[name] === 'string') stored[name] = headers[name] as string;
      this.cache.save(pending.key, { headers: stored, body, storedAt: Date.now() }, ttlMs, pending.tags, pending.seq);
    };
  }

  private async invalidateAfterWrite(exchange: Exchange): Promise<undefined> {
    const params = this.paramsOf(exchange.path) ?? [];
    const caller = exchange.caller?.id;
    const tags = caller !== undefined ? [...params, caller] : params;
    await Promise.all(tags.map((tag) => this.cache.invalidate(tag))).catch(() => undefined);
    return undefined;
  }

  private paramsOf(path: string): string[] | undefined {
    return matchCachePath(this.segments, path.slice(this.route.prefix.length));
  }

  private answer(exchange: Exchange, entry: CachedResponse): void {
    exchange.headers['age'] = String(Math.max(0, Math.floor((Date.now() - entry.storedAt) / 1000)));
    exchange.headers['x-cache'] = 'HIT';
    if (ifNoneMatchHits(exchange.request.headers['if-none-match'], entry.headers['etag'])) {
      const headers: Record<string, string> = {};
      for (const name of NOT_MODIFIED_HEADERS) if (entry.headers[name]) headers[name] = entry.headers[name];
      exchange.answer(304, headers);
      return;
    }
    exchange.answer(200, { ...entry.headers, 'content-length': String(entry.body.length) }, entry.body);
  }
}
