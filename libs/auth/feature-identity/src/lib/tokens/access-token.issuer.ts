import { type Role } from '@platform/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { ACCESS_TOKEN_TYPE } from '@platform/util-auth';
import { SignJWT } from 'jose';
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

  /** `sessionId` (the refresh-token family) becomes `sid`, so ending the session can revoke the token. */
  async issue(userId: string, role: Role, sessionId: string): Promise<IssuedAccessToken> {
    const key = this.keys.current();
    const ttl = this.options.accessTokenTtlSeconds;
    const token = await new SignJWT({ role, sid: sessionId })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, typ: ACCESS_TOKEN_TYPE, kid: key.kid })
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setSubject(userId)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${ttl}s`)
      .sign(key.signingKey());
    return { token, expiresIn: ttl };
  }
}
