import type { DataSourceOptions } from 'typeorm';

export interface PostgresOptionsInput {
  url: string;
  /** Shown in pg_stat_activity, so a DBA can tell whose connections these are. */
  applicationName: string;
  entities: DataSourceOptions['entities'];
  /** Migration classes, imported (a glob path does not survive the webpack bundle). */
  migrations: DataSourceOptions['migrations'];
  poolSize?: number;
}

/**
 * TypeORM options for a service's own PostgreSQL database. Never `synchronize`: the schema
 * changes only through migrations, which {@link runMigrationsExclusively} runs at start-up.
 */
export function postgresOptions(input: PostgresOptionsInput): DataSourceOptions {
  return {
    type: 'postgres',
    url: input.url,
    applicationName: input.applicationName,
    entities: input.entities,
    migrations: input.migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    // Not 'error': a failed query is logged with its parameters (e-mails, on every 409). Unexpected
    // failures reach the problem filter, which logs them without the values.
    logging: ['warn', 'migration'],
    extra: {
      max: input.poolSize ?? 10,
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30000,
    },
  };
}
