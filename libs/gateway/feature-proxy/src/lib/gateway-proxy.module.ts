import { Global, Module, type DynamicModule } from '@nestjs/common';
import { EdgeAuthenticator } from './auth/edge-authenticator';
import { GATEWAY_OPTIONS, type GatewayOptions } from './gateway.options';
import { OpenApiAggregator } from './openapi/openapi-aggregator';
import { ProxyRoutes } from './proxy/proxy-routes';
import { UpstreamMetrics } from './proxy/upstream-metrics';
import { UpstreamPools } from './proxy/upstream-pools';

/** Upstream pools, proxy routes and the merged docs; global so readiness can probe the pools. */
@Global()
@Module({})
export class GatewayProxyModule {
  static forRoot(options: GatewayOptions): DynamicModule {
    return {
      module: GatewayProxyModule,
      providers: [{ provide: GATEWAY_OPTIONS, useValue: options }, UpstreamPools, UpstreamMetrics, EdgeAuthenticator, ProxyRoutes, OpenApiAggregator],
      exports: [GATEWAY_OPTIONS, UpstreamPools, ProxyRoutes, OpenApiAggregator],
    };
  }
}
