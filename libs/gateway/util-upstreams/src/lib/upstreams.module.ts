import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TrafficMetrics } from './traffic.metrics';
import { UpstreamMetrics } from './upstream-metrics';
import { Upstreams } from './upstreams';
import { UPSTREAMS_OPTIONS, type UpstreamsOptions } from './upstreams.options';

/**
 * The upstream clusters and their metrics; global, so the edge, the policies (auth's keys), the docs
 * and readiness (UpstreamsReadiness, listed in the app's HealthModule) reach them.
 */
@Global()
@Module({})
export class UpstreamsModule {
  static forRoot(options: UpstreamsOptions): DynamicModule {
    return {
      module: UpstreamsModule,
      providers: [{ provide: UPSTREAMS_OPTIONS, useValue: options }, Upstreams, TrafficMetrics, UpstreamMetrics],
      exports: [UPSTREAMS_OPTIONS, Upstreams, UpstreamMetrics],
    };
  }
}
