export * from './lib/gateway-docs.module';
export * from './lib/setup-gateway-docs';
