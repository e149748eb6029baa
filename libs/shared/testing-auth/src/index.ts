export * from './lib/test-access-tokens';
export * from './lib/token-forge';
