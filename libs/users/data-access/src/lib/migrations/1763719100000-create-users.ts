import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUsers1763719100000 implements MigrationInterface {
  name = 'CreateUsers1763719100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL,
        name varchar(200) NOT NULL,
        version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_unique UNIQUE (email),
        CONSTRAINT users_email_lowercase CHECK (email = lower(email))
      )`);
    // Keyset-friendly orderings for the list endpoint's sorts (id breaks ties).
    await runner.query(`CREATE INDEX users_created_at_idx ON users (created_at, id)`);
    await runner.query(`CREATE INDEX users_name_idx ON users (lower(name), id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE users`);
  }
}
