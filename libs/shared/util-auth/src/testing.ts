/**
 * The one ES256 test minter (keys, claims, tokens, a JWKS server), for util-auth's own specs and for
 * the shared test helpers in @platform/testing (TestAccessTokens, TokenForge), which every other
 * test uses. Lint allows this entry point nowhere else.
 */
export * from './lib/testing/access-token-fixtures';
