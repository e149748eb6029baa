import { Global, Module, type DynamicModule } from '@nestjs/common';
import { METRICS_REGISTRY, type MetricsRegistry } from './metrics/metrics-registry';
import { REQUEST_LOG, type RequestLog } from './request-log';

/** Provides the app's MetricsRegistry (collectors register on it) and RequestLog to every module. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(parts: { metrics: MetricsRegistry; requestLog: RequestLog }): DynamicModule {
    const providers = [
      { provide: METRICS_REGISTRY, useValue: parts.metrics },
      { provide: REQUEST_LOG, useValue: parts.requestLog },
    ];
    return { module: ObservabilityModule, providers, exports: [METRICS_REGISTRY, REQUEST_LOG] };
  }
}
