/** Test doubles for services that verify access tokens: `@platform/util-auth/testing`, specs only. */
export * from './lib/testing/test-access-tokens';
