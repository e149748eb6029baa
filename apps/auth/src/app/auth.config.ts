import { commonConfigSpec, delayList, docsConfigSpec, intInRange, loadConfig, messagingConfigSpec, resourceName, tcpPort, urlWithProtocol } from '@platform/util-config';

export const authConfigSpec = {
  ...commonConfigSpec,
  ...messagingConfigSpec,
  ...docsConfigSpec,
  AUTH_PORT: tcpPort({ default: 3002 }),
  AUTH_DATABASE_URL: urlWithProtocol(['postgres:', 'postgresql:'])({ default: 'postgres://postgres@127.0.0.1:5432/auth' }),
  AUTH_DB_POOL_SIZE: intInRange(1, 100)({ default: 10 }),
  AUTH_USERS_EVENTS_QUEUE: resourceName({ default: 'auth.users-events', desc: "Auth's queue for users events" }),
  AUTH_EVENT_RETRY_DELAYS_MS: delayList({ default: [1_000, 5_000, 30_000], desc: 'Waits before each retry of a failed event; then it is parked' }),
};

export type AuthConfig = ReturnType<typeof loadAuthConfig>;

export const loadAuthConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(authConfigSpec, env);
