import { Module, type DynamicModule } from '@nestjs/common';
import { authDataSourceOptions } from '@platform/auth-data-access';
import { UserDirectoryModule } from '@platform/auth-feature-user-directory';
import { HealthModule } from '@platform/util-http';
import { MessagingModule, MessagingReadiness } from '@platform/util-messaging';
import { DatabaseReadiness, PersistenceModule } from '@platform/util-persistence';
import type { AuthConfig } from './auth.config';

@Module({})
export class AppModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot({ useFactory: () => authDataSourceOptions(config.AUTH_DATABASE_URL, config.AUTH_DB_POOL_SIZE) }),
        MessagingModule.forRoot({
          useFactory: () => ({ url: config.RABBITMQ_URL, exchange: config.EVENTS_EXCHANGE, serviceName: 'auth' }),
        }),
        UserDirectoryModule.forRoot({ queue: config.AUTH_USERS_EVENTS_QUEUE }),
        HealthModule.forRoot({ readiness: [DatabaseReadiness, MessagingReadiness] }),
      ],
    };
  }
}
