import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimitClass } from '@platform/gateway-util-routing';
import { budgetLimiter } from './budget-limiter';
import { rateLimitHeaders, secondsFrom, type RateLimit } from './rate-limit-headers';

export interface RateLimitVerdict {
  allowed: boolean;
  headers: Record<string, string>;
  /** Seconds the consumer should wait, when refused. */
  retryAfterSeconds: number;
}

/** One budget per route class and consumer, in memory or shared in Redis (see budgetLimiter). */
export class ConsumerRateLimiter {
  private readonly logger = new Logger('RateLimit');
  private readonly limiters = new Map<RateLimitClass, { limit: RateLimit; limiter: RateLimiterAbstract }>();

  constructor(limits: Record<RateLimitClass, RateLimit>, redis?: Redis) {
    for (const [name, limit] of Object.entries(limits) as [RateLimitClass, RateLimit][]) {
      this.limiters.set(name, { limit, limiter: budgetLimiter(`gateway:rl:${name}`, limit, redis) });
    }
  }

  /** Counts one request of `consumer` against the class's budget; undefined if it cannot be counted. */
  async take(name: RateLimitClass, consumer: string): Promise<RateLimitVerdict | undefined> {
    const entry = this.limiters.get(name);
    if (!entry) return undefined;
    const { limit, limiter } = entry;
    try {
      const result = await limiter.consume(consumer);
      return {
        allowed: true,
        headers: rateLimitHeaders(limit, result.remainingPoints, result.msBeforeNext),
        retryAfterSeconds: 0,
      };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        return {
          allowed: false,
          headers: rateLimitHeaders(limit, 0, rejection.msBeforeNext),
          retryAfterSeconds: secondsFrom(rejection.msBeforeNext),
        };
      }
      // Both stores failed: serving unlimited beats failing every request at the edge.
      this.logger.warn(`cannot count a request for ${name}: ${(rejection as Error)?.message ?? rejection}`);
      return undefined;
    }
  }
}
