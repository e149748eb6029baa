import { Inject, Injectable } from '@nestjs/common';
import { ACCESS_TOKEN_TYPE, type Role } from '@platform/util-auth';
import { sign } from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';
import { SigningKeyRing } from '../keys/signing-key-ring';
import { SIGNING_ALGORITHM } from '../keys/signing-key';

export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
}

/** Signs short-lived access tokens (RFC 9068 shape) with the current key. */
@Injectable()
export class AccessTokenIssuer {
  constructor(
    private readonly keys: SigningKeyRing,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  issue(userId: string, role: Role): IssuedAccessToken {
    const key = this.keys.current();
    const token = sign({ role }, key.signingKey(), {
      algorithm: SIGNING_ALGORITHM,
      keyid: key.kid,
      header: { alg: SIGNING_ALGORITHM, typ: ACCESS_TOKEN_TYPE, kid: key.kid },
      issuer: this.options.issuer,
      audience: this.options.audience,
      subject: userId,
      jwtid: randomUUID(),
      expiresIn: this.options.accessTokenTtlSeconds,
    });
    return { token, expiresIn: this.options.accessTokenTtlSeconds };
  }
}
