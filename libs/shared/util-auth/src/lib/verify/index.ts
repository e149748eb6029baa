export { verifyAccessToken } from './verify-access-token';
export * from './verified-token-cache';
export * from './caching-access-token-verifier';
export * from './access-revocations';
