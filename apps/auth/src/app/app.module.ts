import { Module, type DynamicModule } from '@nestjs/common';
import { UserDirectoryModule } from '@platform/auth-feature-user-directory';
import { HealthModule } from '@platform/util-http';
import { MessagingModule, MessagingReadiness } from '@platform/util-messaging';
import { DatabaseReadiness, PersistenceModule } from '@platform/util-persistence';
import type { DataSource } from 'typeorm';
import type { AuthConfig } from './auth.config';

@Module({})
export class AppModule {
  static forRoot(config: AuthConfig, dataSource: DataSource): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot(dataSource),
        MessagingModule.forRoot({
          useFactory: () => ({ url: config.RABBITMQ_URL, exchange: config.EVENTS_EXCHANGE, serviceName: 'auth' }),
        }),
        UserDirectoryModule.forRoot({ queue: config.AUTH_USERS_EVENTS_QUEUE, retryDelaysMs: config.AUTH_EVENT_RETRY_DELAYS_MS }),
        HealthModule.forRoot({ readiness: [DatabaseReadiness, MessagingReadiness] }),
      ],
    };
  }
}
