import { HttpStatus, Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ProblemException, ProblemTypes } from '@platform/util-http';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';

/**
 * Brute-force limits on the credential endpoints (OWASP API2/API4): attempts per client IP
 * (login and register together) and failed logins per account, so neither one IP nor many
 * IPs can guess one account's password. Counts live in memory, or in Redis when configured
 * so that every auth instance shares them; if Redis fails, each instance falls back to memory.
 */
@Injectable()
export class CredentialThrottle implements OnModuleDestroy {
  private readonly redis?: Redis;
  private readonly perIp: RateLimiterAbstract;
  private readonly failures: RateLimiterAbstract;

  constructor(@Inject(IDENTITY_OPTIONS) options: IdentityOptions) {
    const { throttle } = options;
    this.redis = throttle.redisUrl ? new Redis(throttle.redisUrl, { enableOfflineQueue: false, lazyConnect: false, maxRetriesPerRequest: 1 }) : undefined;
    this.perIp = this.limiter('auth:ip', throttle.perIp, throttle.perIpWindowSeconds);
    this.failures = this.limiter('auth:failed-login', throttle.failuresPerAccount, throttle.failureWindowSeconds);
  }

  /** Counts one attempt from `ip`; 429 when it has used up its window. */
  async attemptFrom(ip: string): Promise<void> {
    try {
      await this.perIp.consume(ip);
    } catch (rejection) {
      throw tooMany(rejection, 'Too many attempts from your address.');
    }
  }

  /** 429 while `account` has too many recent failed logins; checked before the password. */
  async assertAccountNotLocked(account: string): Promise<void> {
    const state = await this.failures.get(account);
    if (state && state.consumedPoints >= this.failures.points) throw tooMany(state, 'Too many failed logins for this account.');
  }

  async recordFailure(account: string): Promise<void> {
    await this.failures.penalty(account, 1);
  }

  async recordSuccess(account: string): Promise<void> {
    await this.failures.delete(account);
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }

  private limiter(keyPrefix: string, points: number, duration: number): RateLimiterAbstract {
    const memory = new RateLimiterMemory({ keyPrefix, points, duration });
    return this.redis ? new RateLimiterRedis({ storeClient: this.redis, keyPrefix, points, duration, insuranceLimiter: memory }) : memory;
  }
}

function tooMany(rejection: unknown, detail: string): ProblemException {
  // A store error (not a RateLimiterRes) is not the client's fault: let it be a 503.
  if (!(rejection instanceof RateLimiterRes)) throw rejection;
  const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  return new ProblemException(
    HttpStatus.TOO_MANY_REQUESTS,
    { type: ProblemTypes.tooManyRequests, detail: `${detail} Retry after ${retryAfter} s.` },
    { 'Retry-After': String(retryAfter) },
  );
}
