export * from './request-id';
export * from './create-http-app';
export * from './run-app';
export * from './security-headers';
