import type { Caller } from '../access-token';

export interface VerifiedTokenCacheOptions {
  /** Most tokens remembered; the oldest entry goes first when full. */
  maxEntries?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

/**
 * Remembers the callers of tokens already verified, so a token sent on every request is
 * verified once. A hit is returned strictly before the token's `exp`, without the clock
 * tolerance: a cached answer must never outlive the token. Only verified tokens are stored,
 * so unverifiable garbage cannot evict good entries faster than real tokens arrive.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Caller>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: VerifiedTokenCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1)
      throw new RangeError('maxEntries must be a positive integer');
  }

  get size(): number {
    return this.entries.size;
  }

  get(token: string): Caller | undefined {
    const caller = this.entries.get(token);
    if (caller === undefined) return undefined;
    if (this.now() / 1000 < caller.expiresAt) return caller;
    this.entries.delete(token);
    return undefined;
  }

  set(token: string, caller: Caller): void {
    if (this.now() / 1000 >= caller.expiresAt) return;
    this.entries.delete(token);
    // A Map iterates in insertion order: its first key is the oldest entry.
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, caller);
  }
}
