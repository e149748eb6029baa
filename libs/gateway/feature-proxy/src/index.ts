export * from './lib/gateway.options';
export * from './lib/routing';
export * from './lib/proxy';
export * from './lib/openapi';
export * from './lib/health/upstreams.readiness';
export * from './lib/gateway-proxy.module';
export * from './lib/auth/cors-policy';
export * from './lib/auth/edge-authenticator';
