export * from './upstream-error';
export * from './forwarded-headers';
export * from './forward-request';
export * from './proxy-routes';
export * from './upstream-metrics';
