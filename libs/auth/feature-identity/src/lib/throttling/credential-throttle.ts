import { HttpStatus, Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ProblemException, ProblemTypes } from '@platform/util-http';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';

/**
 * Brute-force limits on the credential endpoints (OWASP API2/API4, and the lockout advice of
 * OWASP's Authentication Cheat Sheet):
 * - attempts per client address (login and register together), so one address cannot guess fast;
 * - failed logins per account and address: a few, then that address is locked out of that
 *   account for the window. A stranger's failures lock only the stranger out, never the owner;
 * - failed logins per account from every address: many more, then the account is locked for
 *   everyone, which bounds a guess spread over many addresses. The owner's own success does not
 *   reset it (else an attacker could guess forever between two of the owner's logins).
 * Counts live in memory, or in Redis when configured so that every auth instance shares them; if
 * Redis fails, each instance falls back to memory.
 */
@Injectable()
export class CredentialThrottle implements OnModuleDestroy {
  private readonly redis?: Redis;
  private readonly perIp: RateLimiterAbstract;
  private readonly failuresFromAddress: RateLimiterAbstract;
  private readonly failuresOfAccount: RateLimiterAbstract;

  constructor(@Inject(IDENTITY_OPTIONS) options: IdentityOptions) {
    const { throttle } = options;
    this.redis = throttle.redisUrl
      ? new Redis(throttle.redisUrl, { enableOfflineQueue: false, lazyConnect: false, maxRetriesPerRequest: 1 })
      : undefined;
    this.perIp = this.limiter('auth:ip', throttle.perIp, throttle.perIpWindowSeconds);
    this.failuresFromAddress = this.limiter(
      'auth:failed-login:address',
      throttle.failuresPerAccountAndAddress,
      throttle.failureWindowSeconds,
    );
    this.failuresOfAccount = this.limiter(
      'auth:failed-login:account',
      throttle.failuresPerAccount,
      throttle.failureWindowSeconds,
    );
  }

  /** Counts one attempt from `ip`; 429 when it has used up its window. */
  async attemptFrom(ip: string): Promise<void> {
    try {
      await this.perIp.consume(ip);
    } catch (rejection) {
      throw tooMany(rejection, 'Too many attempts from your address.');
    }
  }

  /** 429 while `account` has too many recent failed logins from `ip`, or from everywhere; checked before the password. */
  async assertAccountNotLocked(account: string, ip: string): Promise<void> {
    const [fromAddress, overall] = await Promise.all([
      this.failuresFromAddress.get(addressKey(account, ip)),
      this.failuresOfAccount.get(account),
    ]);
    if (fromAddress && fromAddress.consumedPoints >= this.failuresFromAddress.points) {
      throw tooMany(fromAddress, 'Too many failed logins for this account from your address.');
    }
    if (overall && overall.consumedPoints >= this.failuresOfAccount.points)
      throw tooMany(overall, 'Too many failed logins for this account.');
  }

  async recordFailure(account: string, ip: string): Promise<void> {
    await Promise.all([
      this.failuresFromAddress.penalty(addressKey(account, ip), 1),
      this.failuresOfAccount.penalty(account, 1),
    ]);
  }

  /** Forgets the failures from this address; those of the account as a whole run out with their window. */
  async recordSuccess(account: string, ip: string): Promise<void> {
    await this.failuresFromAddress.delete(addressKey(account, ip));
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }

  private limiter(keyPrefix: string, points: number, duration: number): RateLimiterAbstract {
    const memory = new RateLimiterMemory({ keyPrefix, points, duration });
    return this.redis
      ? new RateLimiterRedis({ storeClient: this.redis, keyPrefix, points, duration, insuranceLimiter: memory })
      : memory;
  }
}

/** The address first: it holds no `|`, so no e-mail can make two pairs share a key. */
const addressKey = (account: string, ip: string) => `${ip}|${account}`;

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
