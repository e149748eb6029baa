import { createTestDatabase, type TestDatabase } from '@platform/testing';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { openDatabase } from './persistence.module';
import { postgresOptions } from './postgres-options';
import { isUniqueViolation } from './unique-violation';

/** Slow on purpose, so concurrent starts overlap while it runs. */
class CreateThings1000000000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('SELECT pg_sleep(0.3)');
    await runner.query('CREATE TABLE things (id int PRIMARY KEY, name text UNIQUE)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE things');
  }
}

describe('openDatabase against the real PostgreSQL', () => {
  let database: TestDatabase;
  const options = () =>
    postgresOptions({
      url: database.url,
      applicationName: 'it',
      entities: [],
      migrations: [CreateThings1000000000000],
      poolSize: 2,
    });

  beforeAll(async () => {
    database = await createTestDatabase('it_persistence');
  });

  afterAll(async () => {
    await database.drop();
  });

  it('applies each migration once when several instances start together', async () => {
    const instances = await Promise.all([openDatabase(options()), openDatabase(options()), openDatabase(options())]);
    try {
      expect(await database.query(`SELECT name FROM migrations`)).toEqual([{ name: 'CreateThings1000000000000' }]);
      expect(await database.query(`SELECT to_regclass('things') IS NOT NULL AS exists`)).toEqual([{ exists: true }]);
    } finally {
      await Promise.all(instances.map((instance) => instance.destroy()));
    }
  });

  it('recognises a unique violation by its constraint', async () => {
    const dataSource = await openDatabase(options());
    try {
      await dataSource.query(`INSERT INTO things VALUES (1, 'a')`);
      const error = await dataSource.query(`INSERT INTO things VALUES (2, 'a')`).catch((e: unknown) => e);
      expect(isUniqueViolation(error)).toBe(true);
      expect(isUniqueViolation(error, 'things_name_key')).toBe(true);
      expect(isUniqueViolation(error, 'other_constraint')).toBe(false);
      expect(isUniqueViolation(new Error('nope'))).toBe(false);
    } finally {
      await dataSource.destroy();
    }
  });

  it('fails with one line naming the target when the server is unreachable', async () => {
    const unreachable = { ...options(), url: 'postgres://postgres@127.0.0.1:1/nowhere' };
    await expect(openDatabase(unreachable)).rejects.toThrow(
      /^cannot connect to PostgreSQL \(127\.0\.0\.1:1\/nowhere\): .*ECONNREFUSED/,
    );
  });
});
