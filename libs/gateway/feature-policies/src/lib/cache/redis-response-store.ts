import type Redis from 'ioredis';
import type { CachedResponse, Lookup, ResponseStore } from './response-store';

const PREFIX = 'gateway:cache:';
/** How long an invalidation is remembered: longer than any upstream request can take. */
const REMEMBER_INVALIDATION_MS = 10 * 60_000;

/** KEYS[1] entry; ARGV: seq at lookup, ttl ms, value, prefix, tags... Refuses an entry fetched before one of its tags' invalidation. */
const PUT = `
for i = 5, #ARGV do
  local invalidated = redis.call('GET', ARGV[4] .. 'i:' .. ARGV[i])
  if invalidated and tonumber(invalidated) > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[2])
for i = 5, #ARGV do
  local tag = ARGV[4] .. 't:' .. ARGV[i]
  redis.call('SADD', tag, KEYS[1])
  if redis.call('PTTL', tag) < tonumber(ARGV[2]) then redis.call('PEXPIRE', tag, ARGV[2]) end
end
return 1`;

/** ARGV: prefix, tag, remember ms. Records the invalidation, then drops the tag's entries. */
const INVALIDATE = `
local seq = redis.call('INCR', ARGV[1] .. 'seq')
redis.call('SET', ARGV[1] .. 'i:' .. ARGV[2], seq, 'PX', ARGV[3])
local tag = ARGV[1] .. 't:' .. ARGV[2]
for _, key in ipairs(redis.call('SMEMBERS', tag)) do redis.call('DEL', key) end
redis.call('DEL', tag)
return seq`;

type ScriptedRedis = Redis & {
  gatewayCachePut(key: string, ...args: (string | number)[]): Promise<number>;
  gatewayCacheInvalidate(...args: (string | number)[]): Promise<number>;
};

/**
 * Cached responses in Redis, shared by every gateway instance, with the same tag semantics as the
 * memory store (Lua scripts keep the check-and-store atomic). Meant for a single Redis, not a
 * cluster: the scripts touch keys they derive. Expiry is Redis's (PX); size is bounded by its
 * maxmemory policy.
 */
export class RedisResponseStore implements ResponseStore {
  readonly kind = 'redis';
  private readonly redis: ScriptedRedis;

  constructor(redis: Redis) {
    if (!('gatewayCachePut' in redis)) {
      redis.defineCommand('gatewayCachePut', { numberOfKeys: 1, lua: PUT });
      redis.defineCommand('gatewayCacheInvalidate', { numberOfKeys: 0, lua: INVALIDATE });
    }
    this.redis = redis as ScriptedRedis;
  }

  async get(key: string): Promise<Lookup> {
    const results = await this.redis
      .multi()
      .get(PREFIX + 'e:' + key)
      .get(PREFIX + 'seq')
      .exec();
    if (!results || results.some(([error]) => error)) return { seq: -1 };
    const [[, raw], [, seq]] = results as [[null, string | null], [null, string | null]];
    return { entry: raw ? decode(raw) : undefined, seq: Number(seq ?? 0) };
  }

  async put(key: string, entry: CachedResponse, ttlMs: number, tags: readonly string[], seq: number): Promise<void> {
    await this.redis.gatewayCachePut(PREFIX + 'e:' + key, seq, ttlMs, encode(entry), PREFIX, ...tags);
  }

  async invalidate(tag: string): Promise<void> {
    await this.redis.gatewayCacheInvalidate(PREFIX, tag, REMEMBER_INVALIDATION_MS);
  }

  /** Nothing to do: the shared store is kept current by its durable queue, whatever one instance missed. */
  async clear(): Promise<void> {
    return undefined;
  }
}

function encode(entry: CachedResponse): string {
  return JSON.stringify({ h: entry.headers, t: entry.storedAt, b: entry.body.toString('base64') });
}

function decode(raw: string): CachedResponse {
  const { h, t, b } = JSON.parse(raw) as { h: Record<string, string>; t: number; b: string };
  return { headers: h, storedAt: t, body: Buffer.from(b, 'base64') };
}
