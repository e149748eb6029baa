import {
  createTestDatabase,
  deleteBrokerObjects,
  freePort,
  ManagedProcess,
  testRabbitMqUrl,
  uniqueName,
  type TestDatabase,
} from '@platform/testing';
import { join } from 'node:path';

const workspaceRoot = join(__dirname, '../../../..');
const mainOf = (app: string) => join(workspaceRoot, 'dist/apps', app, 'main.js');

export interface Platform {
  gatewayUrl: string;
  usersUrl: string;
  exchange: string;
  /** Auth's queue for users events. */
  authQueue: string;
  usersDb: TestDatabase;
  authDb: TestDatabase;
  processes: Record<'users' | 'auth' | 'gateway', ManagedProcess>;
  /** Starts an app's built bundle with this platform's settings plus `env`. */
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
  const exchange = uniqueName('e2e-events');
  const authQueue = uniqueName('e2e-auth');
  const rabbitMqUrl = options.rabbitMqUrl ?? testRabbitMqUrl();
  const common = { RABBITMQ_URL: rabbitMqUrl, EVENTS_EXCHANGE: exchange, HOST: '127.0.0.1', LOG_LEVEL: 'log', NODE_ENV: 'test' };
  const settings: Record<string, Record<string, string>> = {
    users: { ...common, USERS_PORT: String(usersPort), USERS_DATABASE_URL: usersDb.url, USERS_DB_POOL_SIZE: '5', ...options.env?.users },
    auth: {
      ...common,
      AUTH_PORT: String(authPort),
      AUTH_DATABASE_URL: authDb.url,
      AUTH_DB_POOL_SIZE: '2',
      AUTH_USERS_EVENTS_QUEUE: authQueue,
      ...options.env?.auth,
    },
    gateway: {
      ...common,
      GATEWAY_PORT: String(gatewayPort),
      GATEWAY_USERS_URL: `http://127.0.0.1:${usersPort}`,
      GATEWAY_AUTH_URL: `http://127.0.0.1:${authPort}`,
      GATEWAY_UPSTREAM_TIMEOUT_MS: '5000',
      ...options.env?.gateway,
    },
  };
  const retryDelays = (settings['auth']['AUTH_EVENT_RETRY_DELAYS_MS'] ?? '1000,5000,30000').split(',');
  const retryQueues = retryDelays.map((ms) => `${authQueue}.retry.${ms.trim()}ms`);
  const started: ManagedProcess[] = [];
  const startApp = (app: 'users' | 'auth' | 'gateway', env: Record<string, string> = {}) => {
    const child = ManagedProcess.start(app, process.execPath, [mainOf(app)], { ...settings[app], ...env });
    started.push(child);
    return child;
  };
  const processes = { users: startApp('users'), auth: startApp('auth'), gateway: startApp('gateway') };
  const platform: Platform = {
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    usersUrl: `http://127.0.0.1:${usersPort}`,
    exchange,
    authQueue,
    usersDb,
    authDb,
    processes,
    startApp,
    async stop() {
      await Promise.all(started.map((child) => child.stop()));
      await deleteBrokerObjects(
        { queues: [authQueue, `${authQueue}.parked`, ...retryQueues], exchanges: [exchange, `${exchange}.dead-letter`] },
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
  } catch (error) {
    await platform.stop();
    throw error;
  }
  return platform;
}
