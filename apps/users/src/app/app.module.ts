import { ROLES } from '@platform/contracts';
import { Module, type DynamicModule } from '@nestjs/common';
import { AccessRevocationModule } from '@platform/feature-access-revocation';
import { UsersFeatureModule } from '@platform/users-feature-users';
import { accessTokenPolicyFrom, BearerAuthModule } from '@platform/util-auth';
import { HealthModule } from '@platform/util-http';
import { MessagingModule, MessagingReadiness, OutboxReadiness } from '@platform/util-messaging';
import { DatabaseReadiness, PersistenceModule } from '@platform/util-persistence';
import type { DataSource } from 'typeorm';
import type { UsersConfig } from './users.config';

@Module({})
export class AppModule {
  static forRoot(config: UsersConfig, dataSource: DataSource): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot(dataSource),
        MessagingModule.forRoot({
          useFactory: () => ({ url: config.RABBITMQ_URL, exchange: config.EVENTS_EXCHANGE, serviceName: 'users' }),
        }),
        BearerAuthModule.forRoot({
          policy: accessTokenPolicyFrom(config, ROLES),
          keys: { jwksUrl: config.AUTH_JWKS_URL },
        }),
        AccessRevocationModule.forRoot({ queuePrefix: 'users.access-revocations' }),
        UsersFeatureModule.forRoot({ commandsQueue: config.USERS_COMMANDS_QUEUE }),
        HealthModule.forRoot({ readiness: [DatabaseReadiness, MessagingReadiness, OutboxReadiness] }),
      ],
    };
  }
}
