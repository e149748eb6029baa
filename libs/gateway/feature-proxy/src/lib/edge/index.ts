export * from './client-address';
export * from './edge-exchange';
export * from './forward';
export * from './proxy-edge';
export * from './request-body';
