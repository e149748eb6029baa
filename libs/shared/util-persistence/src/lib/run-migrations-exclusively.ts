import type { DataSource, Migration } from 'typeorm';

/** Any constant works; it only has to be the same for every instance of one service. */
const MIGRATION_LOCK_KEY = 727_001;

/**
 * Runs pending migrations while holding a PostgreSQL advisory lock, so that several instances
 * starting together apply each migration once: the others wait, then find nothing pending.
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
