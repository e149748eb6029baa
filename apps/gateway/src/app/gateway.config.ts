import { bearerAuthConfigSpec } from '@platform/util-auth';
import {
  commonConfigSpec,
  ConfigError,
  docsConfigSpec,
  intInRange,
  loadConfig,
  messagingConfigSpec,
  samePortProblem,
  tcpPort,
} from '@platform/util-config';
import { makeValidator } from 'envalid';
import { gatewayPoliciesConfigSpec } from './gateway-policies.config';

/** Comma-separated origins (`https://app.example.com`), each a scheme and host with no path. */
const originList = makeValidator<string[]>((input: string) => {
  const origins = String(input)
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const bad = origins.find((origin) => !/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(origin));
  if (bad) throw new Error(`must be comma-separated origins like https://app.example.com (got "${bad}")`);
  return origins;
});

/**
 * Comma-separated base URLs of an upstream's instances (`http://users-1:3001,http://users-2:3001`),
 * each http(s) with no path, query or duplicate; one URL is a list of one.
 */
const instanceUrls = makeValidator<string[]>((input: string) => {
  const urls = String(input)
    .split(',')
    .map((part) => part.trim());
  for (const url of urls) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`must be comma-separated URLs (got "${url}")`);
    }
    if (!['http:', 'https:'].includes(parsed.protocol))
      throw new Error(`must use http: or https: (got "${parsed.protocol}")`);
    if (parsed.pathname !== '/' || parsed.search || parsed.hash)
      throw new Error(`must be base URLs without a path (got "${url}")`);
  }
  if (new Set(urls.map((url) => new URL(url).origin)).size !== urls.length)
    throw new Error(`must not list an instance twice (got "${input}")`);
  return urls;
});

/** A whole number of percent, as a fraction (`20` → 0.2). */
const percent = (min: number, max: number) =>
  makeValidator<number>((input: string) => {
    if (!/^\d+$/.test(String(input).trim()) || Number(input) < min || Number(input) > max) {
      throw new Error(`must be a whole percentage from ${min} to ${max} (got "${input}")`);
    }
    return Number(input) / 100;
  });

export const gatewayConfigSpec = {
  ...commonConfigSpec,
  ...docsConfigSpec,
  ...bearerAuthConfigSpec,
  ...messagingConfigSpec,
  ...gatewayPoliciesConfigSpec,
  GATEWAY_CORS_ORIGINS: originList({
    default: [],
    desc: 'Browser origins allowed to call the API (CORS); none when empty',
  }),
  GATEWAY_PORT: tcpPort({ default: 3000 }),
  GATEWAY_MANAGEMENT_PORT: tcpPort({
    default: 4000,
    desc: 'Port of /metrics and the detailed /health/ready; never expose it publicly',
  }),
  GATEWAY_USERS_URL: instanceUrls({
    default: ['http://127.0.0.1:3001'],
    desc: 'Base URLs of the users instances, comma-separated',
  }),
  GATEWAY_AUTH_URL: instanceUrls({
    default: ['http://127.0.0.1:3002'],
    desc: 'Base URLs of the auth instances, comma-separated',
  }),
  GATEWAY_UPSTREAM_TIMEOUT_MS: intInRange(100, 300_000)({ default: 10_000 }),
  GATEWAY_CONNECT_TIMEOUT_MS: intInRange(100, 60_000)({ default: 2_000 }),
  GATEWAY_UPSTREAM_CONNECTIONS: intInRange(1, 1024)({ default: 64 }),
  GATEWAY_BODY_LIMIT_BYTES: intInRange(1, 50 * 1024 * 1024)({ default: 100 * 1024 }),
  // Balancing and protection of the upstreams' instances.
  GATEWAY_HEALTH_CHECK_INTERVAL_MS: intInRange(100, 60_000)({ default: 2_000 }),
  GATEWAY_HEALTH_CHECK_TIMEOUT_MS: intInRange(50, 30_000)({ default: 1_000 }),
  GATEWAY_EJECTION_CONSECUTIVE_FAILURES: intInRange(1, 1000)({ default: 5 }),
  GATEWAY_EJECTION_BASE_MS: intInRange(100, 600_000)({ default: 5_000 }),
  GATEWAY_EJECTION_MAX_MS: intInRange(100, 3_600_000)({ default: 60_000 }),
  GATEWAY_RETRY_BUDGET_PERCENT: percent(0, 100)({ default: 0.2 }),
  GATEWAY_RETRY_MIN_PER_S: intInRange(0, 10_000)({ default: 3 }),
  GATEWAY_BREAKER_CONSECUTIVE_FAILURES: intInRange(1, 10_000)({ default: 10 }),
  GATEWAY_BREAKER_FAILURE_PERCENT: percent(1, 99)({ default: 0.5 }),
  GATEWAY_BREAKER_WINDOW_MS: intInRange(1_000, 600_000)({ default: 10_000 }),
  GATEWAY_BREAKER_MIN_RPS: intInRange(1, 100_000)({ default: 5 }),
  GATEWAY_BREAKER_HALF_OPEN_AFTER_MS: intInRange(100, 600_000)({ default: 5_000 }),
  // Limits of the gateway's own HTTP server.
  GATEWAY_MAX_HEADER_BYTES: intInRange(1_024, 1024 * 1024)({ default: 16 * 1024 }),
  GATEWAY_REQUEST_TIMEOUT_MS: intInRange(1_000, 3_600_000)({ default: 30_000 }),
  GATEWAY_CONNECTION_TIMEOUT_MS: intInRange(1_000, 3_600_000)({ default: 60_000 }),
  GATEWAY_KEEP_ALIVE_TIMEOUT_MS: intInRange(1_000, 3_600_000)({ default: 72_000 }),
  GATEWAY_SHUTDOWN_DRAIN_MS: intInRange(0, 600_000)({ default: 10_000 }),
};

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;

/** Loads and checks the gateway's settings, including the ones that depend on each other. */
export const loadGatewayConfig = (env: NodeJS.ProcessEnv = process.env) => {
  const config = loadConfig(gatewayConfigSpec, env);
  const problems = [
    samePortProblem({ GATEWAY_PORT: config.GATEWAY_PORT, GATEWAY_MANAGEMENT_PORT: config.GATEWAY_MANAGEMENT_PORT }),
    // The client's connection is idle while the gateway waits for the upstream.
    config.GATEWAY_CONNECTION_TIMEOUT_MS <= config.GATEWAY_UPSTREAM_TIMEOUT_MS &&
      'GATEWAY_CONNECTION_TIMEOUT_MS must be longer than GATEWAY_UPSTREAM_TIMEOUT_MS',
    config.GATEWAY_EJECTION_MAX_MS < config.GATEWAY_EJECTION_BASE_MS &&
      'GATEWAY_EJECTION_MAX_MS must not be shorter than GATEWAY_EJECTION_BASE_MS',
    config.GATEWAY_HEALTH_CHECK_TIMEOUT_MS >= config.GATEWAY_HEALTH_CHECK_INTERVAL_MS &&
      'GATEWAY_HEALTH_CHECK_TIMEOUT_MS must be shorter than GATEWAY_HEALTH_CHECK_INTERVAL_MS',
  ].filter(Boolean);
  if (problems.length > 0) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  return config;
};
