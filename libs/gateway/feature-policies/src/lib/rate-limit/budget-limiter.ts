import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimit } from './rate-limit-headers';

/**
 * A counter of `limit` per key. In Redis every gateway instance shares it; while Redis is
 * unreachable each instance counts in memory (insurance limiter) instead of refusing or letting
 * everything through. Without Redis, memory alone.
 */
export function budgetLimiter(keyPrefix: string, limit: RateLimit, redis?: Redis): RateLimiterAbstract {
  const options = { keyPrefix, points: limit.points, duration: limit.windowSeconds };
  const memory = new RateLimiterMemory(options);
  return redis
    ? new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: memory })
    : memory;
}
