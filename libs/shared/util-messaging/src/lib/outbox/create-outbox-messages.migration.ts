import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Creates the outbox table; include it in the migrations of every service that publishes. */
export class CreateOutboxMessages1763719200000 implements MigrationInterface {
  name = 'CreateOutboxMessages1763719200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE outbox_messages (
        id bigserial PRIMARY KEY,
        message_id uuid NOT NULL UNIQUE,
        type text NOT NULL,
        aggregate_id text NOT NULL,
        payload jsonb NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        occurred_at timestamptz NOT NULL,
        published_at timestamptz,
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        last_error text
      )`);
    await runner.query(
      `CREATE INDEX outbox_messages_unpublished_idx ON outbox_messages (id) WHERE published_at IS NULL`,
    );
    // Finds the unpublished rows of one aggregate (ordering, backoff) without scanning the backlog.
    await runner.query(
      `CREATE INDEX outbox_messages_pending_aggregate_idx ON outbox_messages (aggregate_id, id) WHERE published_at IS NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE outbox_messages`);
  }
}
