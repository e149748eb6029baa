export * from './route-policies.types';
export * from './gateway-policies.options';
export * from './gateway-policies.module';
export * from './policies.readiness';
export * from './route-policies';
export * from './validate-route-policies';
export * from './rate-limit/rate-limit-headers';
export * from './versioning/deprecation-headers';
