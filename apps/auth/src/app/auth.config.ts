import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type IdentityOptions } from '@platform/auth-feature-identity';
import { bearerAuthConfigSpec } from '@platform/util-auth';
import {
  addressList,
  base64Secret,
  commonConfigSpec,
  ConfigError,
  delayList,
  docsConfigSpec,
  intInRange,
  loadConfig,
  messagingConfigSpec,
  resourceName,
  samePortProblem,
  tcpPort,
  urlWithProtocol,
} from '@platform/util-config';
import { email, makeValidator, str } from 'envalid';

const adminPassword = makeValidator<string>((input: string) => {
  if (input.length < PASSWORD_MIN_LENGTH || input.length > PASSWORD_MAX_LENGTH) {
    throw new Error(`must be ${PASSWORD_MIN_LENGTH}-${PASSWORD_MAX_LENGTH} characters`);
  }
  return input;
});

export const authConfigSpec = {
  ...commonConfigSpec,
  ...messagingConfigSpec,
  ...docsConfigSpec,
  ...bearerAuthConfigSpec,
  AUTH_PORT: tcpPort({ default: 3002 }),
  AUTH_MANAGEMENT_PORT: tcpPort({
    default: 4002,
    desc: 'Port of /metrics and the detailed /health/ready; never expose it publicly',
  }),
  AUTH_DATABASE_URL: urlWithProtocol(['postgres:', 'postgresql:'])({
    default: 'postgres://postgres@127.0.0.1:5432/auth',
  }),
  AUTH_DB_POOL_SIZE: intInRange(1, 100)({ default: 10 }),
  AUTH_USERS_EVENTS_QUEUE: resourceName({ default: 'auth.users-events', desc: "Auth's queue for users events" }),
  AUTH_EVENT_RETRY_DELAYS_MS: delayList({
    default: [1_000, 5_000, 30_000],
    desc: 'Waits before each retry of a failed event; then it is parked',
  }),
  AUTH_KEY_ENCRYPTION_KEY: base64Secret(32)({
    desc: 'Seals the private signing keys stored in the auth database. Required; never commit it',
  }),
  AUTH_ACCESS_TOKEN_TTL_S: intInRange(30, 3_600)({ default: 300, desc: 'Lifetime of access tokens' }),
  AUTH_REFRESH_TOKEN_TTL_S: intInRange(
    300,
    90 * 86_400,
  )({ default: 14 * 86_400, desc: 'Lifetime of each refresh token (a session lasts while it is refreshed)' }),
  AUTH_SIGNING_KEY_ROTATION_S: intInRange(
    60,
    365 * 86_400,
  )({ default: 86_400, desc: 'How long a signing key signs before the next one takes over' }),
  AUTH_ARGON2_MEMORY_KIB: intInRange(
    19_456,
    1_048_576,
  )({ default: 19_456, desc: 'argon2id memory; OWASP minimum 19456' }),
  AUTH_ARGON2_ITERATIONS: intInRange(2, 20)({ default: 2, desc: 'argon2id passes; OWASP minimum 2' }),
  AUTH_RATE_LIMIT_PER_IP: intInRange(
    1,
    100_000,
  )({ default: 20, desc: 'Login and register attempts per client address per window' }),
  AUTH_RATE_LIMIT_WINDOW_S: intInRange(1, 86_400)({ default: 60 }),
  AUTH_MAX_FAILED_LOGINS: intInRange(
    1,
    1_000,
  )({
    default: 5,
    desc: 'Failed logins per account from one client address per window; then that address is locked out of that account',
  }),
  AUTH_MAX_FAILED_LOGINS_PER_ACCOUNT: intInRange(
    1,
    100_000,
  )({
    default: 100,
    desc: 'Failed logins per account from all addresses per window; then the account is locked for everyone',
  }),
  AUTH_FAILED_LOGIN_WINDOW_S: intInRange(1, 86_400)({ default: 900 }),
  AUTH_REDIS_URL: urlWithProtocol(['redis:', 'rediss:'])({
    default: undefined,
    desc: 'Shares rate-limit counts between auth instances; in memory when unset',
  }),
  AUTH_TRUSTED_PROXIES: addressList({
    default: [],
    desc: "The gateway's addresses (or CIDRs): only their X-Forwarded-* are believed; none when empty",
  }),
  ADMIN_EMAIL: email({ default: undefined, desc: 'First administrator, created at start-up if missing' }),
  ADMIN_PASSWORD: adminPassword({
    default: undefined,
    desc: 'Password of ADMIN_EMAIL when it is created; never commit it',
  }),
  ADMIN_NAME: str({ default: 'Administrator' }),
};

export type AuthConfig = ReturnType<typeof loadAuthConfig>;

export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(authConfigSpec, env);
  const problems = [
    Boolean(config.ADMIN_EMAIL) !== Boolean(config.ADMIN_PASSWORD) &&
      'ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
    config.AUTH_MAX_FAILED_LOGINS_PER_ACCOUNT < config.AUTH_MAX_FAILED_LOGINS &&
      'AUTH_MAX_FAILED_LOGINS_PER_ACCOUNT must not be lower than AUTH_MAX_FAILED_LOGINS',
    samePortProblem({ AUTH_PORT: config.AUTH_PORT, AUTH_MANAGEMENT_PORT: config.AUTH_MANAGEMENT_PORT }),
  ].filter(Boolean);
  if (problems.length > 0) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  return config;
}

export function identityOptionsFrom(config: AuthConfig): IdentityOptions {
  return {
    issuer: config.TOKEN_ISSUER,
    audience: config.TOKEN_AUDIENCE,
    clockToleranceSeconds: config.TOKEN_CLOCK_TOLERANCE_S,
    accessTokenTtlSeconds: config.AUTH_ACCESS_TOKEN_TTL_S,
    refreshTokenTtlSeconds: config.AUTH_REFRESH_TOKEN_TTL_S,
    signingKeyRotationSeconds: config.AUTH_SIGNING_KEY_ROTATION_S,
    keyEncryptionKey: config.AUTH_KEY_ENCRYPTION_KEY,
    argon2: { memoryKiB: config.AUTH_ARGON2_MEMORY_KIB, iterations: config.AUTH_ARGON2_ITERATIONS, parallelism: 1 },
    throttle: {
      perIp: config.AUTH_RATE_LIMIT_PER_IP,
      perIpWindowSeconds: config.AUTH_RATE_LIMIT_WINDOW_S,
      failuresPerAccountAndAddress: config.AUTH_MAX_FAILED_LOGINS,
      failuresPerAccount: config.AUTH_MAX_FAILED_LOGINS_PER_ACCOUNT,
      failureWindowSeconds: config.AUTH_FAILED_LOGIN_WINDOW_S,
      redisUrl: config.AUTH_REDIS_URL,
    },
    admin:
      config.ADMIN_EMAIL && config.ADMIN_PASSWORD
        ? { email: config.ADMIN_EMAIL.toLowerCase(), password: config.ADMIN_PASSWORD, name: config.ADMIN_NAME }
        : undefined,
  };
}
