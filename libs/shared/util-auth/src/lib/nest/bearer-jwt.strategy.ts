import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { JwtPayload } from 'jsonwebtoken';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AccessTokenPolicy, Caller } from '../access-token';
import type { PublicKeyResolver } from '../keys/public-key-resolver';
import { callerFromClaims } from '../verify/caller-from-claims';
import { signingKeyFor } from '../verify/signing-key-for';
import { accessTokenVerifyOptions } from '../verify/verify-access-token';
import { ACCESS_TOKEN_POLICY, BEARER_JWT_STRATEGY, PUBLIC_KEY_RESOLVER } from './bearer-auth.options';

/**
 * passport-jwt configured exactly as verifyAccessToken checks tokens: the same header checks
 * and key lookup before the signature, the same jsonwebtoken options, the same claim checks
 * after. Failures reach BearerAuthGuard, which decides what the client is told.
 */
@Injectable()
export class BearerJwtStrategy extends PassportStrategy(Strategy, BEARER_JWT_STRATEGY) {
  constructor(
    @Inject(PUBLIC_KEY_RESOLVER) keys: PublicKeyResolver,
    @Inject(ACCESS_TOKEN_POLICY) private readonly policy: AccessTokenPolicy,
  ) {
    const verifyOptions = accessTokenVerifyOptions(policy);
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt overwrites these three from the top level, so they are given there too.
      issuer: policy.issuer,
      audience: policy.audience,
      algorithms: verifyOptions.algorithms,
      jsonWebTokenOptions: verifyOptions,
      secretOrKeyProvider: (_request: unknown, rawJwt: string, done: (error: unknown, key?: string | Buffer) => void) => {
        // jsonwebtoken takes a KeyObject, which spares re-parsing a PEM on every request;
        // passport-jwt's types only know strings and buffers.
        signingKeyFor(rawJwt, keys).then((key) => done(null, key as unknown as Buffer), (error: unknown) => done(error));
      },
    });
  }

  validate(payload: JwtPayload): Caller {
    return callerFromClaims(payload, this.policy);
  }
}
