import { Client } from 'pg';
import { testPostgresAdminUrl, uniqueName } from './test-env';

export interface TestDatabase {
  name: string;
  url: string;
  /** Runs SQL against the test database (for assertions on what a service stored). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

async function withAdmin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database of its own for one test run; `drop` removes it, connections and all. */
export async function createTestDatabase(prefix: string, adminUrl = testPostgresAdminUrl()): Promise<TestDatabase> {
  const name = uniqueName(prefix).toLowerCase();
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async query<T>(sql: string, params: unknown[] = []) {
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as T[];
      } finally {
        await client.end();
      }
    },
    drop: () =>
      withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
