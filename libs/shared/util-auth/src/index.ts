export * from './lib/access-token';
