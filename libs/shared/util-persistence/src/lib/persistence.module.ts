import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { DatabaseMetrics } from './database.metrics';
import { runMigrationsExclusively } from './run-migrations-exclusively';

/**
 * Connects to the service's database and applies pending migrations. Called before the Nest
 * app is created, so an unreachable database or a failed migration stops start-up with one
 * line (TypeORM's Nest module would log a stack trace per attempt first). The orchestrator
 * restarts a crashed app; a fast, clear failure says more than minutes of retries.
 */
export async function openDatabase(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize().catch((error: Error) => {
    throw new Error(`cannot connect to PostgreSQL (${describeTarget(options)}): ${error.message}`, { cause: error });
  });
  try {
    await runMigrationsExclusively(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw new Error(`migrating ${describeTarget(options)} failed: ${(error as Error).message}`, { cause: error });
  }
  return dataSource;
}

/** Provides an opened DataSource to the app (repositories, health); closed on shutdown. */
@Module({})
export class PersistenceModule {
  static forRoot(dataSource: DataSource): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSource.options,
          dataSourceFactory: async () => dataSource,
        }),
      ],
      providers: [DatabaseMetrics],
      exports: [TypeOrmModule],
    };
  }
}

function describeTarget(options: DataSourceOptions): string {
  const url = 'url' in options && options.url ? new URL(options.url) : undefined;
  return url ? `${url.hostname}:${url.port || 5432}${url.pathname}` : 'configured database';
}
