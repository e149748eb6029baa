import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwksKeyResolver } from '../keys/jwks-key-resolver';
import type { PublicKeyResolver } from '../keys/public-key-resolver';
import { BearerAuthGuard } from './bearer-auth.guard';
import { AccessRevocations } from '../verify/access-revocations';
import { CachingAccessTokenVerifier } from '../verify/caching-access-token-verifier';
import type { AccessTokenPolicy } from '../access-token';
import {
  ACCESS_TOKEN_POLICY,
  ACCESS_TOKEN_VERIFIER,
  PUBLIC_KEY_RESOLVER,
  type BearerAuthModuleOptions,
  type ProvidedKeyResolver,
} from './bearer-auth.options';
import { RolesGuard } from './roles.guard';

const isResolver = (keys: BearerAuthModuleOptions['keys']): keys is PublicKeyResolver =>
  typeof (keys as PublicKeyResolver).resolve === 'function';
const isProvided = (keys: BearerAuthModuleOptions['keys']): keys is ProvidedKeyResolver => 'useExisting' in keys;

function keyResolverProvider(keys: BearerAuthModuleOptions['keys']): Provider {
  if (isProvided(keys)) return { provide: PUBLIC_KEY_RESOLVER, useExisting: keys.useExisting };
  return { provide: PUBLIC_KEY_RESOLVER, useValue: isResolver(keys) ? keys : new JwksKeyResolver(keys) };
}

/**
 * Bearer-token authentication for every route of an app: import once in the root module.
 * Guards run in the order registered: who the caller is, then what their role allows.
 */
@Module({})
export class BearerAuthModule {
  static forRoot(options: BearerAuthModuleOptions): DynamicModule {
    return {
      module: BearerAuthModule,
      global: true,
      imports: isProvided(options.keys) ? options.keys.imports : [],
      providers: [
        { provide: ACCESS_TOKEN_POLICY, useValue: options.policy },
        keyResolverProvider(options.keys),
        {
          provide: ACCESS_TOKEN_VERIFIER,
          // The app's deny-list, when it has one (AccessRevocationModule provides and feeds it).
          useFactory: (keys: PublicKeyResolver, policy: AccessTokenPolicy, revocations?: AccessRevocations) =>
            new CachingAccessTokenVerifier(keys, policy, revocations),
          inject: [PUBLIC_KEY_RESOLVER, ACCESS_TOKEN_POLICY, { token: AccessRevocations, optional: true }],
        },
        { provide: APP_GUARD, useClass: BearerAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
      exports: [ACCESS_TOKEN_POLICY, PUBLIC_KEY_RESOLVER, ACCESS_TOKEN_VERIFIER],
    };
  }
}
