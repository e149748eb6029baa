export * from './public-key-resolver';
export * from './jwks-key-resolver';
export * from './key-encryption';
