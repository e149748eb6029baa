import type { DynamicModule, Type } from '@nestjs/common';
import type { AccessTokenPolicy } from '../access-token';
import type { JwksKeyResolverOptions } from '../keys/jwks-key-resolver';
import type { PublicKeyResolver } from '../keys/public-key-resolver';

/** A resolver that is a provider of another module (auth's own key ring). */
export interface ProvidedKeyResolver {
  useExisting: Type<PublicKeyResolver>;
  /** The module(s) that provide and export it. */
  imports: (Type | DynamicModule)[];
}

export interface BearerAuthModuleOptions {
  policy: AccessTokenPolicy;
  /** A resolver, a provider of one, or where to fetch auth's JWKS from (a JwksKeyResolver is made for it). */
  keys: PublicKeyResolver | ProvidedKeyResolver | JwksKeyResolverOptions;
}

export const ACCESS_TOKEN_POLICY = Symbol('ACCESS_TOKEN_POLICY');
export const PUBLIC_KEY_RESOLVER = Symbol('PUBLIC_KEY_RESOLVER');
/** The app's one CachingAccessTokenVerifier, shared by the guard and anything else that verifies. */
export const ACCESS_TOKEN_VERIFIER = Symbol('ACCESS_TOKEN_VERIFIER');
