/** A cached 200 answer to a GET: the representation headers and the body. */
export interface CachedResponse {
  headers: Record<string, string>;
  body: Buffer;
  /** When it was stored (ms since the epoch), for the Age header. */
  storedAt: number;
}

export interface Lookup {
  entry?: CachedResponse;
  /**
   * The store's invalidation sequence at lookup time, handed back to `put`: an answer fetched
   * while one of its tags was invalidated is stale and must not be stored. -1: do not store.
   */
  seq: number;
}

/**
 * Where cached responses live. Entries carry tags (user ids); invalidating a tag drops every
 * entry carrying it and refuses entries whose fetch began before it.
 */
export interface ResponseStore {
  readonly kind: 'memory' | 'redis';
  /** A memory store answers at once (no promise): lookups run on every cacheable request. */
  get(key: string): Lookup | Promise<Lookup>;
  put(key: string, entry: CachedResponse, ttlMs: number, tags: readonly string[], seq: number): Promise<void>;
  invalidate(tag: string): Promise<void>;
  /** Drops everything (after invalidation events may have been missed). */
  clear(): Promise<void>;
}
