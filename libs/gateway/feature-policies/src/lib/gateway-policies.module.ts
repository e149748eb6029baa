import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CacheInvalidationListener } from './cache/cache-invalidation.listener';
import { ResponseCache } from './cache/response-cache';
import { GATEWAY_POLICY_OPTIONS, type GatewayPolicyOptions } from './gateway-policies.options';
import { GatewayRedis } from './gateway-redis';
import { EdgeAuthenticator } from './authentication/edge-authenticator';
import { AuthFailureLimiter } from './rate-limit/auth-failure-limiter';
import { ConsumerRateLimiter } from './rate-limit/consumer-rate-limiter';
import { RoutePolicies } from './route-policies';

/**
 * The per-route policies of the route table: authentication at the edge (with the limit of failed
 * authentications per address), rate limits, the response cache and its invalidation, deprecation
 * headers. Needs MessagingModule (cache invalidation events) and UpstreamsModule (auth's keys).
 * Global, so the proxy edge, the docs and readiness (PoliciesReadiness: Redis, the cache) reach them.
 */
@Global()
@Module({})
export class GatewayPoliciesModule {
  static forRoot(options: GatewayPolicyOptions): DynamicModule {
    return {
      module: GatewayPoliciesModule,
      providers: [
        { provide: GATEWAY_POLICY_OPTIONS, useValue: options },
        GatewayRedis,
        {
          provide: ConsumerRateLimiter,
          useFactory: (redis: GatewayRedis) => new ConsumerRateLimiter(options.rateLimits, redis.client),
          inject: [GatewayRedis],
        },
        {
          provide: AuthFailureLimiter,
          useFactory: (redis: GatewayRedis) => new AuthFailureLimiter(options.authFailureLimit, redis.client),
          inject: [GatewayRedis],
        },
        EdgeAuthenticator,
        ResponseCache,
        CacheInvalidationListener,
        RoutePolicies,
      ],
      exports: [GATEWAY_POLICY_OPTIONS, RoutePolicies, GatewayRedis, ResponseCache],
    };
  }
}
