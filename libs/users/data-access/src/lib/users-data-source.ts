import { OutboxMessageEntity } from '@platform/util-messaging';
import { postgresOptions } from '@platform/util-persistence';
import type { DataSourceOptions } from 'typeorm';
import { usersMigrations } from './migrations';
import { UserEntity } from './user.entity';

/** TypeORM options of the users database. */
export function usersDataSourceOptions(url: string, poolSize?: number): DataSourceOptions {
  return postgresOptions({
    url,
    applicationName: 'users',
    entities: [UserEntity, OutboxMessageEntity],
    migrations: usersMigrations,
    poolSize,
  });
}
