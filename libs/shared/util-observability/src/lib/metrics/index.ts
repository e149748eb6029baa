export * from './metrics-registry';
export * from './serve-metrics';
export * from './metrics.module';
