import { Global, Module, type DynamicModule } from '@nestjs/common';
import { EdgeAuthenticator } from './auth/edge-authenticator';
import { ProxyEdge } from './edge/proxy-edge';
import { GATEWAY_OPTIONS, type GatewayOptions } from './gateway.options';
import { OpenApiAggregator } from './openapi/openapi-aggregator';
import { UpstreamMetrics } from './proxy/upstream-metrics';
import { DrainOnShutdown } from './upstreams/drain-on-shutdown';
import { TrafficMetrics } from './upstreams/traffic.metrics';
import { Upstreams } from './upstreams/upstreams';

/** Upstream clusters, the proxy path and the merged docs; global so readiness can probe the instances. */
@Global()
@Module({})
export class GatewayProxyModule {
  static forRoot(options: GatewayOptions): DynamicModule {
    return {
      module: GatewayProxyModule,
      providers: [
        { provide: GATEWAY_OPTIONS, useValue: options },
        Upstreams,
        TrafficMetrics,
        DrainOnShutdown,
        UpstreamMetrics,
        EdgeAuthenticator,
        ProxyEdge,
        OpenApiAggregator,
      ],
      exports: [GATEWAY_OPTIONS, Upstreams, ProxyEdge, OpenApiAggregator],
    };
  }
}
