import { Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { runMigrationsExclusively } from './run-migrations-exclusively';

export interface PersistenceModuleOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Nest factories receive their injected deps untyped
  useFactory: (...deps: any[]) => DataSourceOptions;
  inject?: InjectionToken[];
}

/**
 * The service's TypeORM connection, migrated before the app serves: a failed migration stops
 * start-up. One connection attempt only; the orchestrator restarts a crashed app, and a fast,
 * one-line failure says more than minutes of retries.
 */
@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceModuleOptions): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: options.inject ?? [],
          useFactory: (...deps: unknown[]) => ({ ...options.useFactory(...deps), retryAttempts: 0 }),
          dataSourceFactory: async (dataSourceOptions) => {
            const dataSource = await new DataSource(dataSourceOptions!).initialize().catch((error: Error) => {
              throw new Error(`cannot connect to PostgreSQL (${describeTarget(dataSourceOptions!)}): ${error.message}`);
            });
            await runMigrationsExclusively(dataSource);
            return dataSource;
          },
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}

function describeTarget(options: DataSourceOptions): string {
  const url = 'url' in options && options.url ? new URL(options.url) : undefined;
  return url ? `${url.hostname}:${url.port || 5432}${url.pathname}` : 'configured database';
}
