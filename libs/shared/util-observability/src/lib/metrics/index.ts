export * from './metrics-registry';
export * from './request-metrics';
