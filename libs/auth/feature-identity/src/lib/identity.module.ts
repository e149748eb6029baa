import { Module, type DynamicModule } from '@nestjs/common';
import { AuthDataAccessModule } from '@platform/auth-data-access';
import { OutboxModule } from '@platform/util-messaging';
import { AdminBootstrap } from './bootstrap/admin-bootstrap';
import { AuthHttpController } from './http/auth.http.controller';
import { JwksHttpController } from './http/jwks.http.controller';
import { IDENTITY_OPTIONS, type IdentityOptions } from './identity.options';
import { SigningKeyRing } from './keys/signing-key-ring';
import { PasswordHasher } from './passwords/password-hasher';
import { RegistrationService } from './registration/registration.service';
import { AccessRevocationNotices } from './revocation/access-revocation-notices';
import { SessionsService } from './sessions/sessions.service';
import { CredentialThrottle } from './throttling/credential-throttle';
import { AccessTokenIssuer } from './tokens/access-token.issuer';

/**
 * Credentials, sessions and signing keys: /v1/auth/register|login|refresh|logout|password and
 * the JWKS; notices of revoked access (outbox) when sessions end. Needs the app's TypeORM and messaging modules. Exports the key ring, which also
 * verifies access tokens inside auth (it is the source of the keys, no JWKS round trip).
 */
@Module({})
export class IdentityModule {
  static forRoot(options: IdentityOptions): DynamicModule {
    return {
      module: IdentityModule,
      imports: [AuthDataAccessModule, OutboxModule.forRoot()],
      controllers: [AuthHttpController, JwksHttpController],
      providers: [
        { provide: IDENTITY_OPTIONS, useValue: options },
        SigningKeyRing,
        AccessTokenIssuer,
        PasswordHasher,
        CredentialThrottle,
        SessionsService,
        RegistrationService,
        AdminBootstrap,
        AccessRevocationNotices,
      ],
      exports: [SigningKeyRing, AccessRevocationNotices],
    };
  }
}
