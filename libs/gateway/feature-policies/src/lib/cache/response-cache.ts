import { Inject, Injectable, Logger } from '@nestjs/common';
import { GATEWAY_POLICY_OPTIONS, type GatewayPolicyOptions } from '../gateway-policies.options';
import { GatewayRedis } from '../gateway-redis';
import { MemoryResponseStore } from './memory-response-store';
import { RedisResponseStore } from './redis-response-store';
import type { CachedResponse, Lookup, ResponseStore } from './response-store';

const BYPASS: Lookup = { seq: -1 };

/**
 * The gateway's response cache. It is used only while the invalidation events are being
 * consumed: with the broker away, a change would not reach the cache, so requests bypass it
 * (and go to the upstreams) until consuming resumes. The memory store is emptied whenever
 * consuming (re)starts, since its instance queue did not exist while it was away. Store errors
 * count as misses: the cache can make requests faster, never fail them.
 */
@Injectable()
export class ResponseCache {
  private readonly logger = new Logger('ResponseCache');
  readonly store?: ResponseStore;
  private consuming = false;

  constructor(@Inject(GATEWAY_POLICY_OPTIONS) options: GatewayPolicyOptions, redis: GatewayRedis) {
    if (options.cache.maxBytes === 0) return;
    this.store = redis.client ? new RedisResponseStore(redis.client) : new MemoryResponseStore(options.cache.maxBytes);
  }

  /** Whether entries may be served and stored now. */
  get usable(): boolean {
    return this.consuming && this.store !== undefined;
  }

  /** Synchronous with the memory store; a promise with Redis. */
  lookup(key: string): Lookup | Promise<Lookup> {
    if (!this.consuming || !this.store) return BYPASS;
    const found = this.store.get(key);
    return found instanceof Promise ? found.catch(() => BYPASS) : found;
  }

  save(key: string, entry: CachedResponse, ttlMs: number, tags: readonly string[], seq: number): void {
    if (!this.consuming || !this.store || seq < 0) return;
    this.store
      .put(key, entry, ttlMs, tags, seq)
      .catch((error: Error) => this.logger.warn(`cannot store ${key}: ${error.message}`));
  }

  /** Drops every entry tagged `tag`; throws if the store cannot, so the event is retried. */
  async invalidate(tag: string): Promise<void> {
    await this.store?.invalidate(tag);
  }

  /** Told by the invalidation listener whether its queue is being consumed. */
  async setConsuming(consuming: boolean): Promise<void> {
    if (consuming) await this.store?.clear();
    this.consuming = consuming;
  }

  describe(): { store: string; state: string } {
    return {
      store: this.store?.kind ?? 'off',
      state: !this.store ? 'off' : this.consuming ? 'in use' : 'bypassed (not consuming invalidation events)',
    };
  }
}
