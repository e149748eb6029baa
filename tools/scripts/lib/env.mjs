import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const workspaceRoot = join(import.meta.dirname, '../../..');

/** Loads `.env` from the workspace root, if there is one; real environment variables win. */
export function loadDotEnv() {
  const file = join(workspaceRoot, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}

/** Local defaults, the same as the apps' own (see .env.example). */
export const settings = () => ({
  usersDatabaseUrl: process.env.USERS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/users',
  authDatabaseUrl: process.env.AUTH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/auth',
  rabbitMqUrl: process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  gatewayPort: Number(process.env.GATEWAY_PORT ?? 3000),
  usersPort: Number(process.env.USERS_PORT ?? 3001),
  authPort: Number(process.env.AUTH_PORT ?? 3002),
});
