import { ROLES } from '@platform/contracts';
import { Module, type DynamicModule } from '@nestjs/common';
import { IdentityModule, SigningKeyRing } from '@platform/auth-feature-identity';
import { UserDirectoryModule } from '@platform/auth-feature-user-directory';
import { AccessRevocationModule } from '@platform/feature-access-revocation';
import { accessTokenPolicyFrom, BearerAuthModule } from '@platform/util-auth';
import { HealthModule } from '@platform/util-http';
import { MessagingModule, MessagingReadiness } from '@platform/util-messaging';
import { DatabaseReadiness, PersistenceModule } from '@platform/util-persistence';
import type { DataSource } from 'typeorm';
import { identityOptionsFrom, type AuthConfig } from './auth.config';

@Module({})
export class AppModule {
  static forRoot(config: AuthConfig, dataSource: DataSource): DynamicModule {
    const identity = IdentityModule.forRoot(identityOptionsFrom(config));
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot(dataSource),
        MessagingModule.forRoot({
          useFactory: () => ({ url: config.RABBITMQ_URL, exchange: config.EVENTS_EXCHANGE, serviceName: 'auth' }),
        }),
        identity,
        // Auth verifies its own tokens with its key ring: no JWKS round trip to itself.
        BearerAuthModule.forRoot({
          policy: accessTokenPolicyFrom(config, ROLES),
          keys: { useExisting: SigningKeyRing, imports: [identity] },
        }),
        UserDirectoryModule.forRoot(
          { queue: config.AUTH_USERS_EVENTS_QUEUE, retryDelaysMs: config.AUTH_EVENT_RETRY_DELAYS_MS },
          identity,
        ),
        AccessRevocationModule.forRoot({ queuePrefix: 'auth.access-revocations' }),
        HealthModule.forRoot({ readiness: [DatabaseReadiness, MessagingReadiness] }),
      ],
    };
  }
}
