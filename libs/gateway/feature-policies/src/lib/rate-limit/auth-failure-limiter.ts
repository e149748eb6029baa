import { Logger } from '@nestjs/common';
import { ProblemTypes, type ProblemDetails } from '@platform/util-http';
import type Redis from 'ioredis';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { budgetLimiter } from './budget-limiter';
import { secondsFrom, type RateLimit } from './rate-limit-headers';

/** Bound of the map of refused addresses; expired entries go first, then the oldest. */
const MAX_REFUSED_ADDRESSES = 100_000;

/**
 * Failed authentications at the edge, per client address (OWASP API2): once an address has
 * presented `limit.points` bad tokens within the window, it is refused with 429 until the window
 * ends, before its next token costs a verification. Counted like the rate limits (Redis shared by
 * the instances, or memory).
 *
 * The check is a lookup in this instance's map of refused addresses, never a store round trip, so
 * a request with a good token pays nothing for it; only a failure is counted in the store, and its
 * count tells the instance when the address is over. With several instances, an address over its
 * budget on one is refused by another once that one has counted one more of its failures.
 */
export class AuthFailureLimiter {
  private readonly logger = new Logger('AuthFailures');
  private readonly limiter: RateLimiterAbstract;
  /** Addresses over their budget, and until when (epoch ms). */
  private readonly refusedUntil = new Map<string, number>();

  constructor(
    readonly limit: RateLimit,
    redis?: Redis,
  ) {
    this.limiter = budgetLimiter('gateway:auth-failures', limit, redis);
  }

  /** Seconds `address` must still wait before it may authenticate again; 0 when it may. */
  retryAfterSeconds(address: string): number {
    const until = this.refusedUntil.get(address);
    if (until === undefined) return 0;
    const left = until - Date.now();
    if (left > 0) return secondsFrom(left);
    this.refusedUntil.delete(address);
    return 0;
  }

  /** Counts one failed authentication of `address`. */
  async recordFailure(address: string): Promise<void> {
    try {
      const counted = await this.limiter.consume(address);
      if (counted.remainingPoints <= 0) this.refuse(address, counted.msBeforeNext);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return this.refuse(address, rejection.msBeforeNext);
      // Both stores failed: the failure goes uncounted rather than failing the request.
      this.logger.warn(`cannot count a failed authentication: ${(rejection as Error)?.message ?? rejection}`);
    }
  }

  /** The 429 for an address that must wait `seconds`. */
  problem(seconds: number): ProblemDetails {
    const { points, windowSeconds } = this.limit;
    return {
      type: ProblemTypes.tooManyRequests,
      title: 'Too Many Requests',
      status: 429,
      detail: `Too many failed authentications from your address (${points} per ${windowSeconds} s). Retry after ${seconds} s.`,
    };
  }

  private refuse(address: string, ms: number): void {
    if (this.refusedUntil.size >= MAX_REFUSED_ADDRESSES) this.makeRoom();
    this.refusedUntil.set(address, Date.now() + ms);
  }

  private makeRoom(): void {
    const now = Date.now();
    for (const [address, until] of this.refusedUntil) if (until <= now) this.refusedUntil.delete(address);
    // Still full (a flood from that many addresses): the oldest goes; it is refused again after one more failure.
    if (this.refusedUntil.size >= MAX_REFUSED_ADDRESSES)
      this.refusedUntil.delete(this.refusedUntil.keys().next().value as string);
  }
}
