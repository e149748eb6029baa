import { Module, type DynamicModule } from '@nestjs/common';
import { GatewayPoliciesModule, GatewayProxyModule, PoliciesReadiness, UpstreamsReadiness } from '@platform/gateway-feature-proxy';
import { accessTokenPolicyFrom } from '@platform/util-auth';
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
        GatewayProxyModule.forRoot({
          upstreams: { users: config.GATEWAY_USERS_URL, auth: config.GATEWAY_AUTH_URL },
          timeoutMs: config.GATEWAY_UPSTREAM_TIMEOUT_MS,
          connectTimeoutMs: config.GATEWAY_CONNECT_TIMEOUT_MS,
          connectionsPerUpstream: config.GATEWAY_UPSTREAM_CONNECTIONS,
          bodyLimitBytes: config.GATEWAY_BODY_LIMIT_BYTES,
          accessTokenPolicy: accessTokenPolicyFrom(config),
        }),
        // Only for cache invalidation: users events. Its outage bypasses the cache, nothing more.
        MessagingModule.forRoot({
          useFactory: () => ({ url: config.RABBITMQ_URL, exchange: config.EVENTS_EXCHANGE, serviceName: 'gateway' }),
        }),
        GatewayPoliciesModule.forRoot(gatewayPolicyOptionsFrom(config)),
        HealthModule.forRoot({ readiness: [UpstreamsReadiness, PoliciesReadiness] }),
      ],
    };
  }
}
