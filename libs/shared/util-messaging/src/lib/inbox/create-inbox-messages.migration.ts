import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Creates the inbox table; include it in the migrations of every service that consumes. */
export class CreateInboxMessages1763719250000 implements MigrationInterface {
  name = 'CreateInboxMessages1763719250000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE inbox_messages (
        consumer text NOT NULL,
        message_id text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, message_id)
      )`);
    await runner.query(`CREATE INDEX inbox_messages_processed_at_idx ON inbox_messages (processed_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE inbox_messages`);
  }
}
