import { commonConfigSpec, docsConfigSpec, intInRange, loadConfig, messagingConfigSpec, tcpPort, urlWithProtocol } from '@platform/util-config';

export const usersConfigSpec = {
  ...commonConfigSpec,
  ...messagingConfigSpec,
  ...docsConfigSpec,
  USERS_PORT: tcpPort({ default: 3001 }),
  USERS_DATABASE_URL: urlWithProtocol(['postgres:', 'postgresql:'])({ default: 'postgres://postgres@127.0.0.1:5432/users' }),
  USERS_DB_POOL_SIZE: intInRange(1, 100)({ default: 10 }),
};

export type UsersConfig = ReturnType<typeof loadUsersConfig>;

export const loadUsersConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(usersConfigSpec, env);
