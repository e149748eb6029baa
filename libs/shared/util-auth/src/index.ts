export * from './lib/access-token';
export * from './lib/token-errors';
export * from './lib/bearer-token';
export * from './lib/keys';
export * from './lib/verify';
export * from './lib/nest';
export * from './lib/config';
