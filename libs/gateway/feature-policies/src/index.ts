export * from './lib/gateway-policies.options';
export * from './lib/gateway-policies.module';
export * from './lib/policies.readiness';
export * from './lib/route-policies';
export * from './lib/validate-route-policies';
export * from './lib/rate-limit/rate-limit-headers';
export * from './lib/versioning/deprecation-headers';
