import { Global, Module, type DynamicModule } from '@nestjs/common';
import { METRICS_REGISTRY, MetricsRegistry } from './metrics-registry';

/** Provides the app's MetricsRegistry to every module (collectors register on it). */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(registry: MetricsRegistry): DynamicModule {
    return { module: MetricsModule, providers: [{ provide: METRICS_REGISTRY, useValue: registry }], exports: [METRICS_REGISTRY] };
  }
}
