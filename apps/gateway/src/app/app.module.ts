import { Module, type DynamicModule } from '@nestjs/common';
import { GatewayDocsModule } from '@platform/gateway-feature-docs';
import { GatewayEdgeModule } from '@platform/gateway-feature-edge';
import { GatewayPoliciesModule, PoliciesReadiness } from '@platform/gateway-feature-policies';
import { UpstreamsModule, UpstreamsReadiness } from '@platform/gateway-util-upstreams';
import { AccessRevocationModule } from '@platform/feature-access-revocation';
import { HealthModule } from '@platform/util-http';
import { MessagingModule } from '@platform/util-messaging';
import { gatewayPolicyOptionsFrom } from './gateway-policies.config';
import type { GatewayConfig } from './gateway.config';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        UpstreamsModule.forRoot({
          upstreams: { users: config.GATEWAY_USERS_URL, auth: config.GATEWAY_AUTH_URL },
          timeoutMs: config.GATEWAY_UPSTREAM_TIMEOUT_MS,
          connectTimeoutMs: config.GATEWAY_CONNECT_TIMEOUT_MS,
          connectionsPerUpstream: config.GATEWAY_UPSTREAM_CONNECTIONS,
          traffic: {
            healthCheck: {
              intervalMs: config.GATEWAY_HEALTH_CHECK_INTERVAL_MS,
              timeoutMs: config.GATEWAY_HEALTH_CHECK_TIMEOUT_MS,
            },
            outlier: {
              consecutiveFailures: config.GATEWAY_EJECTION_CONSECUTIVE_FAILURES,
              baseEjectionMs: config.GATEWAY_EJECTION_BASE_MS,
              maxEjectionMs: config.GATEWAY_EJECTION_MAX_MS,
            },
            retryBudget: { ratio: config.GATEWAY_RETRY_BUDGET_PERCENT, minPerSecond: config.GATEWAY_RETRY_MIN_PER_S },
            breaker: {
              consecutiveFailures: config.GATEWAY_BREAKER_CONSECUTIVE_FAILURES,
              failureRatio: config.GATEWAY_BREAKER_FAILURE_PERCENT,
              windowMs: config.GATEWAY_BREAKER_WINDOW_MS,
              minimumRps: config.GATEWAY_BREAKER_MIN_RPS,
              halfOpenAfterMs: config.GATEWAY_BREAKER_HALF_OPEN_AFTER_MS,
            },
            shutdownDrainMs: config.GATEWAY_SHUTDOWN_DRAIN_MS,
          },
        }),
        GatewayPoliciesModule.forRoot(gatewayPolicyOptionsFrom(config)),
        GatewayEdgeModule,
        GatewayDocsModule,
        // Users events (cache invalidation) and auth's revocation notices (the deny-list). An outage
        // bypasses the cache and delays revocations until tokens expire, nothing more.
        AccessRevocationModule.forRoot({ queuePrefix: 'gateway.access-revocations' }),
        MessagingModule.forRoot({
          useFactory: () => ({ url: config.RABBITMQ_URL, exchange: config.EVENTS_EXCHANGE, serviceName: 'gateway' }),
        }),
        HealthModule.forRoot({ readiness: [UpstreamsReadiness, PoliciesReadiness] }),
      ],
    };
  }
}
