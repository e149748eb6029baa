export * from './merge-openapi';
export * from './openapi-aggregator';
export * from './setup-gateway-docs';
