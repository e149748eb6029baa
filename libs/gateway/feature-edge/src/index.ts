export * from './lib/gateway-edge.module';
export * from './lib/proxy-edge';
