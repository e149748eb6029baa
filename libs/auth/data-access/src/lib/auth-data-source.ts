import { InboxMessageEntity, OutboxMessageEntity } from '@platform/util-messaging';
import { postgresOptions } from '@platform/util-persistence';
import type { DataSourceOptions } from 'typeorm';
import { authMigrations } from './migrations';
import { UserAccountEntity } from './user-account.entity';

/** TypeORM options of the auth database. */
export function authDataSourceOptions(url: string, poolSize?: number): DataSourceOptions {
  return postgresOptions({
    url,
    applicationName: 'auth',
    entities: [UserAccountEntity, InboxMessageEntity, OutboxMessageEntity],
    migrations: authMigrations,
    poolSize,
  });
}
