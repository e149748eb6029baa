import type { CachedResponse, Lookup, ResponseStore } from './response-store';

interface Slot {
  entry: CachedResponse;
  expiresAt: number;
  size: number;
  tags: readonly string[];
}

/** Tags whose last invalidation is remembered; past it the memory is reset (and in-flight fetches not stored). */
const REMEMBERED_INVALIDATIONS = 10_000;

/**
 * An LRU cache bounded by bytes (bodies, headers, keys), with a tag index for invalidation. A Map
 * keeps insertion order, so re-inserting on a hit makes its first key the least recently used.
 */
export class MemoryResponseStore implements ResponseStore {
  readonly kind = 'memory';
  private readonly slots = new Map<string, Slot>();
  private readonly keysByTag = new Map<string, Set<string>>();
  private readonly invalidatedAt = new Map<string, number>();
  private seq = 0;
  /** Lookups older than this cannot be checked against invalidations any more. */
  private floor = 0;
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): { entries: number; bytes: number } {
    return { entries: this.slots.size, bytes: this.bytes };
  }

  get(key: string): Lookup {
    const slot = this.slots.get(key);
    if (slot && slot.expiresAt <= this.now()) this.remove(key);
    else if (slot) {
      this.slots.delete(key);
      this.slots.set(key, slot);
      return { entry: slot.entry, seq: this.seq };
    }
    return { seq: this.seq };
  }

  async put(key: string, entry: CachedResponse, ttlMs: number, tags: readonly string[], seq: number): Promise<void> {
    if (seq < this.floor || tags.some((tag) => (this.invalidatedAt.get(tag) ?? -1) > seq)) return;
    let size = key.length + entry.body.length;
    for (const name in entry.headers) size += name.length + entry.headers[name].length;
    // One entry may take at most a sixteenth of the cache, so a few large bodies cannot flush it.
    if (size > this.maxBytes / 16) return;
    const previous = this.slots.get(key);
    if (previous && sameTags(previous.tags, tags)) {
      // A refreshed entry (the common case): its tags are indexed already.
      this.slots.delete(key);
      this.bytes -= previous.size;
    } else {
      this.remove(key);
      for (const tag of tags) {
        const keys = this.keysByTag.get(tag) ?? new Set<string>();
        keys.add(key);
        this.keysByTag.set(tag, keys);
      }
    }
    this.slots.set(key, { entry, expiresAt: this.now() + ttlMs, size, tags });
    this.bytes += size;
    for (const oldest of this.slots.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(oldest);
    }
  }

  async invalidate(tag: string): Promise<void> {
    this.seq++;
    if (this.invalidatedAt.size >= REMEMBERED_INVALIDATIONS) {
      this.invalidatedAt.clear();
      this.floor = this.seq;
    }
    this.invalidatedAt.set(tag, this.seq);
    for (const key of this.keysByTag.get(tag) ?? []) this.remove(key);
    this.keysByTag.delete(tag);
  }

  async clear(): Promise<void> {
    this.seq++;
    this.floor = this.seq;
    this.slots.clear();
    this.keysByTag.clear();
    this.invalidatedAt.clear();
    this.bytes = 0;
  }

  private remove(key: string): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    this.slots.delete(key);
    this.bytes -= slot.size;
    for (const tag of slot.tags) {
      const keys = this.keysByTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.keysByTag.delete(tag);
    }
  }
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, i) => tag === b[i]);
}
