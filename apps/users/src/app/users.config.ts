import { bearerAuthConfigSpec } from '@platform/util-auth';
import {
  commonConfigSpec,
  ConfigError,
  docsConfigSpec,
  intInRange,
  loadConfig,
  messagingConfigSpec,
  resourceName,
  samePortProblem,
  tcpPort,
  urlWithProtocol,
} from '@platform/util-config';

export const usersConfigSpec = {
  ...commonConfigSpec,
  ...messagingConfigSpec,
  ...docsConfigSpec,
  ...bearerAuthConfigSpec,
  AUTH_JWKS_URL: urlWithProtocol(['http:', 'https:'])({
    default: 'http://127.0.0.1:3002/v1/auth/.well-known/jwks.json',
    desc: "Auth's public keys, to verify access tokens",
  }),
  USERS_COMMANDS_QUEUE: resourceName({
    default: 'users.commands',
    desc: 'Queue of the commands users answers (create-user)',
  }),
  USERS_PORT: tcpPort({ default: 3001 }),
  USERS_MANAGEMENT_PORT: tcpPort({
    default: 4001,
    desc: 'Port of /metrics and the detailed /health/ready; never expose it publicly',
  }),
  USERS_DATABASE_URL: urlWithProtocol(['postgres:', 'postgresql:'])({
    default: 'postgres://postgres@127.0.0.1:5432/users',
  }),
  USERS_DB_POOL_SIZE: intInRange(1, 100)({ default: 10 }),
};

export type UsersConfig = ReturnType<typeof loadUsersConfig>;

export const loadUsersConfig = (env: NodeJS.ProcessEnv = process.env) => {
  const config = loadConfig(usersConfigSpec, env);
  const problem = samePortProblem({
    USERS_PORT: config.USERS_PORT,
    USERS_MANAGEMENT_PORT: config.USERS_MANAGEMENT_PORT,
  });
  if (problem) throw new ConfigError(`Invalid configuration: ${problem}`);
  return config;
};
