import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Roles arrive with auth: everyone existing is a `user`; admins come from the bootstrap. */
export class AddUserRoles1763800000000 implements MigrationInterface {
  name = 'AddUserRoles1763800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE users
        ADD COLUMN role varchar(16) NOT NULL DEFAULT 'user',
        ADD CONSTRAINT users_role_known CHECK (role IN ('user', 'admin'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE users DROP COLUMN role`);
  }
}
