import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUserAccounts1763719300000 implements MigrationInterface {
  name = 'CreateUserAccounts1763719300000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE user_accounts (
        user_id uuid PRIMARY KEY,
        email varchar(254),
        status varchar(16) NOT NULL CHECK (status IN ('active', 'deleted')),
        user_version integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX user_accounts_email_idx ON user_accounts (email)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE user_accounts`);
  }
}
