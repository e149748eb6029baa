export * from './metrics-registry';
export * from './serve-metrics';
