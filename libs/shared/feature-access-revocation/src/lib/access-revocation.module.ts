import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AccessRevocations } from '@platform/util-auth';
import { AccessRevocationListener } from './access-revocation.listener';
import { ACCESS_REVOCATION_OPTIONS, type AccessRevocationOptions } from './access-revocation.options';

/**
 * The app's deny-list of access tokens, fed by auth's `auth.access.revoked.v1` events: the
 * BearerAuthModule's verifier (services) and the gateway's edge authenticator consult it. Needs
 * the app's MessagingModule. Global: one deny-list per process.
 */
@Global()
@Module({})
export class AccessRevocationModule {
  static forRoot(options: AccessRevocationOptions): DynamicModule {
    return {
      module: AccessRevocationModule,
      providers: [
        { provide: ACCESS_REVOCATION_OPTIONS, useValue: options },
        { provide: AccessRevocations, useValue: new AccessRevocations() },
        AccessRevocationListener,
      ],
      exports: [AccessRevocations],
    };
  }
}
