/** Admin connection used to create and drop per-run test databases. */
export const testPostgresAdminUrl = (): string =>
  process.env['TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Broker used by integration and e2e tests; each run uses its own exchange and queue names. */
export const testRabbitMqUrl = (): string => process.env['TEST_RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

/** A name no other test run uses: `<prefix>_<time>_<random>` (letters, digits, underscore). */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Redis used by integration and e2e tests; each run uses its own keys. */
export const testRedisUrl = (): string => process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
