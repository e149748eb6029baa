import { ROLES } from '@platform/contracts';
import type { GatewayPolicyOptions } from '@platform/gateway-feature-policies';
import { accessTokenPolicyFrom } from '@platform/util-auth';
import { addressList, intInRange, optionalUrlWithProtocol, resourceName } from '@platform/util-config';
import { makeValidator } from 'envalid';
import type { GatewayConfig } from './gateway.config';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3_600 };

/** A budget like `600/60s` (also `m`, `h`; a bare number is seconds): requests per window. */
export const rateLimit = makeValidator<{ points: number; windowSeconds: number }>((input: string) => {
  const match = /^(\d{1,9})\/(\d{1,6})([smh]?)$/.exec(String(input).trim());
  const points = Number(match?.[1]);
  const windowSeconds = Number(match?.[2]) * UNIT_SECONDS[match?.[3] || 's'];
  if (!match || points < 1 || windowSeconds < 1 || windowSeconds > 86_400) {
    throw new Error(`must be requests per window like 600/60s (window 1s to 24h) (got "${input}")`);
  }
  return { points, windowSeconds };
});

/** The gateway's route policies: rate limits, the response cache and the shared store. */
export const gatewayPoliciesConfigSpec = {
  GATEWAY_RATE_LIMIT_STANDARD: rateLimit({
    default: { points: 600, windowSeconds: 60 },
    desc: 'Budget per consumer on `standard` routes',
  }),
  GATEWAY_RATE_LIMIT_AUTH: rateLimit({
    default: { points: 60, windowSeconds: 60 },
    desc: 'Budget per consumer on `auth` routes',
  }),
  GATEWAY_AUTH_FAILURE_LIMIT: rateLimit({
    default: { points: 20, windowSeconds: 60 },
    desc: 'Failed authentications (bad tokens) per client address; then 429 until the window ends',
  }),
  GATEWAY_TRUSTED_PROXIES: addressList({
    default: [],
    desc: 'Addresses whose X-Forwarded-For names the client (load balancers); none when empty',
  }),
  GATEWAY_REDIS_URL: optionalUrlWithProtocol(['redis:', 'rediss:'])({
    default: '',
    desc: 'Shares rate-limit counts and the cache between gateway instances; memory when empty',
  }),
  GATEWAY_CACHE_MAX_MB: intInRange(
    0,
    65_536,
  )({ default: 64, desc: 'Bound of the in-memory response cache; 0 turns caching off' }),
  GATEWAY_CACHE_QUEUE: resourceName({
    default: 'gateway.cache-invalidation',
    desc: 'Queue of the users events that invalidate cached responses',
  }),
};

export function gatewayPolicyOptionsFrom(config: GatewayConfig): GatewayPolicyOptions {
  return {
    accessTokenPolicy: accessTokenPolicyFrom(config, ROLES),
    rateLimits: { standard: config.GATEWAY_RATE_LIMIT_STANDARD, auth: config.GATEWAY_RATE_LIMIT_AUTH },
    authFailureLimit: config.GATEWAY_AUTH_FAILURE_LIMIT,
    redisUrl: config.GATEWAY_REDIS_URL || undefined,
    cache: { maxBytes: config.GATEWAY_CACHE_MAX_MB * 1024 * 1024, queue: config.GATEWAY_CACHE_QUEUE },
  };
}
