import { waitFor } from '@platform/testing';
import { Client } from 'pg';

const digestOf = (table: string, columns = 't::text') =>
  `(SELECT md5(coalesce(string_agg(${columns}, '|' ORDER BY ${columns}), '')) FROM ${table} t) AS ${table}`;

/**
 * What the users database stores: every column of `users`, and of `outbox_messages` the event
 * itself. The relay's bookkeeping (published_at, attempts, next_attempt_at, last_error) is
 * left out: the relay writes it after the request that queued the event, whatever comes next.
 */
const USERS_STATE = `SELECT ${digestOf('users')}, ${digestOf('outbox_messages', "concat_ws(',', t.message_id, t.type, t.aggregate_id, t.payload, t.headers, t.occurred_at)")}`;

/**
 * What the auth database stores, every column of every table but `inbox_messages` (written by
 * the event consumer on its own schedule; its effects show in user_accounts). There is nothing
 * else to leave out: failed-login counts live in the credential throttle (memory or Redis),
 * not here, and refresh_tokens.used_at changes only for a real refresh token, which the
 * fuzzer never holds.
 */
const AUTH_STATE = `SELECT ${['user_accounts', 'credentials', 'refresh_token_families', 'refresh_tokens', 'signing_keys'].map((table) => digestOf(table)).join(', ')}`;

/** Digests of the stored state of users and auth, and a wait for their events to settle. */
export class StoredState {
  private constructor(
    private readonly users: Client,
    private readonly auth: Client,
  ) {}

  static async open(usersDbUrl: string, authDbUrl: string): Promise<StoredState> {
    const [users, auth] = [new Client({ connectionString: usersDbUrl }), new Client({ connectionString: authDbUrl })];
    await Promise.all([users.connect(), auth.connect()]);
    return new StoredState(users, auth);
  }

  /** One md5 per table, named by table. */
  async digest(): Promise<Record<string, string>> {
    const [users, auth] = await Promise.all([this.users.query(USERS_STATE), this.auth.query(AUTH_STATE)]);
    return { ...users.rows[0], ...auth.rows[0] };
  }

  /**
   * Waits until every event users has queued is published and applied by auth, so that a
   * digest taken next reflects earlier successful writes completely.
   */
  async settle(timeoutMs = 10_000): Promise<void> {
    await waitFor(
      async () => {
        const queued = await this.users.query<{ id: string }>(`SELECT message_id::text AS id FROM outbox_messages`);
        const applied = await this.auth.query<{ id: string }>(`SELECT message_id AS id FROM inbox_messages`);
        const done = new Set(applied.rows.map((row) => row.id));
        return queued.rows.every((row) => done.has(row.id));
      },
      timeoutMs,
      'auth to apply every event users queued',
    );
  }

  async close(): Promise<void> {
    await Promise.all([this.users.end(), this.auth.end()]);
  }
}
