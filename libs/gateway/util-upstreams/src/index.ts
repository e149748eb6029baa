export * from './lib/upstreams.options';
export * from './lib/traffic.options';
export * from './lib/upstreams.module';
export * from './lib/upstreams';
export * from './lib/upstream-cluster';
export * from './lib/upstream-response';
export * from './lib/upstream-metrics';
export * from './lib/upstreams.readiness';
export { attemptFailureOf, isRepeatable } from './lib/retry-policy';
