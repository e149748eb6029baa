import { Module, type DynamicModule } from '@nestjs/common';
import { GatewayProxyModule, UpstreamsReadiness } from '@platform/gateway-feature-proxy';
import { accessTokenPolicyFrom } from '@platform/util-auth';
import { HealthModule } from '@platform/util-http';
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
        HealthModule.forRoot({ readiness: [UpstreamsReadiness] }),
      ],
    };
  }
}
