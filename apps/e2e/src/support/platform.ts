import {
  createTestDatabase,
  deleteBrokerObjects,
  freePort,
  ManagedProcess,
  testRabbitMqUrl,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '@platform/testing';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { http, type JsonResponse } from './http';

const workspaceRoot = join(__dirname, '../../../..');
const mainOf = (app: string) => join(workspaceRoot, 'dist/apps', app, 'main.js');

type AppName = 'users' | 'auth' | 'gateway';

/** Each app's public and management port variables. */
const PORT_VARIABLES: Readonly<Record<AppName, { public: string; management: string }>> = {
  users: { public: 'USERS_PORT', management: 'USERS_MANAGEMENT_PORT' },
  auth: { public: 'AUTH_PORT', management: 'AUTH_MANAGEMENT_PORT' },
  gateway: { public: 'GATEWAY_PORT', management: 'GATEWAY_MANAGEMENT_PORT' },
};

export interface Platform {
  gatewayUrl: string;
  usersUrl: string;
  exchange: string;
  /** Auth's queue for users events. */
  authQueue: string;
  usersDb: TestDatabase;
  authDb: TestDatabase;
  authUrl: string;
  /** Each app's management server (/metrics, detailed /health/ready), never reached through the public port. */
  managementUrls: Record<AppName, string>;
  processes: Record<'users' | 'auth' | 'gateway', ManagedProcess>;
  /** AUTH_KEY_ENCRYPTION_KEY of this platform's auth, so a test can forge tokens with its real key. */
  keyEncryptionKey: Buffer;
  /** The bootstrap administrator's credentials (ADMIN_EMAIL / ADMIN_PASSWORD). */
  admin: { email: string; password: string };
  /** Authorization header of a fresh admin access token (logged in once, reused). */
  adminHeaders(): Promise<Record<string, string>>;
  /** One call to `base` (the gateway by default) as the administrator. */
  asAdmin<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
    base?: string,
  ): Promise<JsonResponse<T>>;
  /**
   * Starts an app's built bundle with this platform's settings plus `env`. Another instance
   * beside the running one needs its own public and management ports in `env`.
   */
  startApp(app: 'users' | 'auth' | 'gateway', env?: Record<string, string>): ManagedProcess;
  stop(): Promise<void>;
}

export interface PlatformOptions {
  /** Broker to use instead of the shared one (a fault test's own). */
  rabbitMqUrl?: string;
  /** PostgreSQL server (admin URL) to create the databases on instead of the shared one. */
  postgresAdminUrl?: string;
  /** Extra settings per app. */
  env?: Partial<Record<'users' | 'auth' | 'gateway', Record<string, string>>>;
}

/**
 * Starts users, auth and the gateway from their built bundles as real processes, isolated from
 * every other run: own databases, own exchange and queue names, free ports.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const [usersDb, authDb] = await Promise.all([
    createTestDatabase('e2e_users', options.postgresAdminUrl),
    createTestDatabase('e2e_auth', options.postgresAdminUrl),
  ]);
  const [usersPort, authPort, gatewayPort] = [await freePort(), await freePort(), await freePort()];
  const management = { users: await freePort(), auth: await freePort(), gateway: await freePort() };
  const exchange = uniqueName('e2e-events');
  const authQueue = uniqueName('e2e-auth');
  const usersCommandsQueue = uniqueName('e2e-users-commands');
  const keyEncryptionKey = randomBytes(32);
  const admin = {
    email: `admin-${randomBytes(4).toString('hex')}@e2e.test`,
    password: randomBytes(18).toString('base64url'),
  };
  const rabbitMqUrl = options.rabbitMqUrl ?? testRabbitMqUrl();
  const common = {
    RABBITMQ_URL: rabbitMqUrl,
    EVENTS_EXCHANGE: exchange,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'log',
    NODE_ENV: 'test',
  };
  const settings: Record<string, Record<string, string>> = {
    users: {
      ...common,
      USERS_PORT: String(usersPort),
      USERS_MANAGEMENT_PORT: String(management.users),
      USERS_DATABASE_URL: usersDb.url,
      USERS_DB_POOL_SIZE: '5',
      USERS_COMMANDS_QUEUE: usersCommandsQueue,
      AUTH_JWKS_URL: `http://127.0.0.1:${authPort}/v1/auth/.well-known/jwks.json`,
      ...options.env?.users,
    },
    auth: {
      ...common,
      AUTH_PORT: String(authPort),
      AUTH_MANAGEMENT_PORT: String(management.auth),
      AUTH_DATABASE_URL: authDb.url,
      AUTH_DB_POOL_SIZE: '2',
      AUTH_USERS_EVENTS_QUEUE: authQueue,
      AUTH_KEY_ENCRYPTION_KEY: keyEncryptionKey.toString('base64'),
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      // Suites log in often from one address; the limit itself is tested with its own setting.
      AUTH_RATE_LIMIT_PER_IP: '10000',
      // The gateway's address here: auth believes its X-Forwarded-For, nobody else's.
      AUTH_TRUSTED_PROXIES: '127.0.0.1',
      ...options.env?.auth,
    },
    gateway: {
      ...common,
      GATEWAY_PORT: String(gatewayPort),
      GATEWAY_MANAGEMENT_PORT: String(management.gateway),
      GATEWAY_USERS_URL: `http://127.0.0.1:${usersPort}`,
      GATEWAY_AUTH_URL: `http://127.0.0.1:${authPort}`,
      GATEWAY_UPSTREAM_TIMEOUT_MS: '5000',
      // As for auth: suites call from one address; the limits are tested with their own settings.
      GATEWAY_RATE_LIMIT_STANDARD: '100000/60s',
      GATEWAY_RATE_LIMIT_AUTH: '100000/60s',
      GATEWAY_AUTH_FAILURE_LIMIT: '100000/60s',
      ...options.env?.gateway,
    },
  };
  const retryDelays = (settings['auth']['AUTH_EVENT_RETRY_DELAYS_MS'] ?? '1000,5000,30000').split(',');
  const retryQueues = retryDelays.map((ms) => `${authQueue}.retry.${ms.trim()}ms`);
  const started: ManagedProcess[] = [];
  const startApp = (app: AppName, env: Record<string, string> = {}) => {
    const ports = PORT_VARIABLES[app];
    // A second instance on the platform's management port would fail to start, or answer for the first.
    if (env[ports.public] && env[ports.public] !== settings[app][ports.public] && !env[ports.management]) {
      throw new Error(`startApp('${app}') on its own ${ports.public} needs its own ${ports.management} too`);
    }
    const child = ManagedProcess.start(app, process.execPath, [mainOf(app)], { ...settings[app], ...env });
    started.push(child);
    return child;
  };
  const processes = { users: startApp('users'), auth: startApp('auth'), gateway: startApp('gateway') };
  let adminToken: { header: Record<string, string>; until: number } | undefined;
  const platform: Platform = {
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    usersUrl: `http://127.0.0.1:${usersPort}`,
    authUrl: `http://127.0.0.1:${authPort}`,
    managementUrls: {
      users: `http://127.0.0.1:${management.users}`,
      auth: `http://127.0.0.1:${management.auth}`,
      gateway: `http://127.0.0.1:${management.gateway}`,
    },
    keyEncryptionKey,
    admin,
    async adminHeaders() {
      if (!adminToken || adminToken.until < Date.now()) {
        const login = await http(platform.gatewayUrl, 'POST', '/api/v1/auth/login', admin);
        if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${login.text}`);
        adminToken = {
          header: { authorization: `Bearer ${login.body.accessToken}` },
          until: Date.now() + (login.body.expiresIn - 30) * 1000,
        };
      }
      return adminToken.header;
    },
    async asAdmin(method, path, body, headers = {}, base = platform.gatewayUrl) {
      return http(base, method, path, body, { ...(await platform.adminHeaders()), ...headers });
    },
    exchange,
    authQueue,
    usersDb,
    authDb,
    processes,
    startApp,
    async stop() {
      await Promise.all(started.map((child) => child.stop()));
      await deleteBrokerObjects(
        {
          queues: [authQueue, `${authQueue}.parked`, ...retryQueues, usersCommandsQueue],
          exchanges: [exchange, `${exchange}.dead-letter`, `${exchange}.commands`],
        },
        rabbitMqUrl,
      ).catch(() => undefined);
      await Promise.all([usersDb.drop(), authDb.drop()]);
    },
  };
  try {
    await Promise.all([
      processes.users.waitUntilReady(`http://127.0.0.1:${usersPort}/health/ready`),
      processes.auth.waitUntilReady(`http://127.0.0.1:${authPort}/health/ready`),
      processes.gateway.waitUntilReady(`${platform.gatewayUrl}/health/ready`),
    ]);
    // The administrator is created in the background once users answers commands. Watched in
    // the database: polling the login would count failures and lock the account.
    const adminExists = `SELECT 1 FROM user_accounts a JOIN credentials c USING (user_id) WHERE a.email = $1 AND a.status = 'active'`;
    await waitFor(
      async () => (await authDb.query(adminExists, [admin.email])).length > 0,
      20_000,
      'the bootstrap administrator',
    );
  } catch (error) {
    await platform.stop();
    throw error;
  }
  return platform;
}
