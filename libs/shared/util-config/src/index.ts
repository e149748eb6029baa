export * from './lib/load-config';
export * from './lib/validators';
export * from './lib/common-config';
export * from './lib/management-config';
