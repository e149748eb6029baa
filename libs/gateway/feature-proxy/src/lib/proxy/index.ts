export * from './upstream-error';
export * from './forwarded-headers';
export * from './upstream-metrics';
