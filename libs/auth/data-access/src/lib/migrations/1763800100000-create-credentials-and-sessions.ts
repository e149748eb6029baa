import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Credentials, refresh-token families and signing keys. A credential is stored before users
 * creates the user (registration is credential-first), so it has no foreign key to
 * user_accounts, whose rows arrive with users' events.
 */
export class CreateCredentialsAndSessions1763800100000 implements MigrationInterface {
  name = 'CreateCredentialsAndSessions1763800100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE user_accounts ADD COLUMN role varchar(16) NOT NULL DEFAULT 'user'`);
    await runner.query(`
      CREATE TABLE credentials (
        user_id uuid PRIMARY KEY,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE refresh_token_families (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_reason varchar(32)
      )`);
    await runner.query(
      `CREATE INDEX refresh_token_families_user_idx ON refresh_token_families (user_id) WHERE revoked_at IS NULL`,
    );
    // Only the SHA-256 of a refresh token is stored: a database leak yields no usable token.
    await runner.query(`
      CREATE TABLE refresh_tokens (
        token_hash bytea PRIMARY KEY,
        family_id uuid NOT NULL REFERENCES refresh_token_families (id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz
      )`);
    await runner.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);
    // The private key is stored encrypted (AES-256-GCM) with a key only the environment holds.
    await runner.query(`
      CREATE TABLE signing_keys (
        kid varchar(64) PRIMARY KEY,
        algorithm varchar(16) NOT NULL,
        public_jwk jsonb NOT NULL,
        private_key_encrypted text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE signing_keys`);
    await runner.query(`DROP TABLE refresh_tokens`);
    await runner.query(`DROP TABLE refresh_token_families`);
    await runner.query(`DROP TABLE credentials`);
    await runner.query(`ALTER TABLE user_accounts DROP COLUMN role`);
  }
}
