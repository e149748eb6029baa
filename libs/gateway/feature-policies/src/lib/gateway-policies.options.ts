import type { AccessTokenPolicy } from '@platform/util-auth';
import type { RateLimit } from './rate-limit/rate-limit-headers';
import type { RateLimitClass } from '@platform/gateway-util-routing';

export interface GatewayPolicyOptions {
  /** What access tokens must satisfy on bearer routes (issuer, audience, clock skew). */
  accessTokenPolicy: AccessTokenPolicy;
  /** Budget per consumer of each route class. */
  rateLimits: Record<RateLimitClass, RateLimit>;
  /** Failed authentications (bad tokens on bearer routes) per client address, then 429. */
  authFailureLimit: RateLimit;
  /** Redis for shared rate-limit counts and the shared response cache; memory when absent. */
  redisUrl?: string;
  cache: {
    /** Bound of the in-memory cache in bytes; 0 turns response caching off. */
    maxBytes: number;
    /**
     * Queue of users events that invalidate entries: shared and durable with Redis (one copy
     * per gateway fleet); with the memory cache, each instance's own `<queue>.<instance>`.
     */
    queue: string;
  };
}

export const GATEWAY_POLICY_OPTIONS = Symbol('GATEWAY_POLICY_OPTIONS');
