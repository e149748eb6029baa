import { commonConfigSpec, docsConfigSpec, intInRange, loadConfig, tcpPort, urlWithProtocol } from '@platform/util-config';

const httpUrl = urlWithProtocol(['http:', 'https:']);

export const gatewayConfigSpec = {
  ...commonConfigSpec,
  ...docsConfigSpec,
  GATEWAY_PORT: tcpPort({ default: 3000 }),
  GATEWAY_USERS_URL: httpUrl({ default: 'http://127.0.0.1:3001', desc: 'Base URL of the users service' }),
  GATEWAY_AUTH_URL: httpUrl({ default: 'http://127.0.0.1:3002', desc: 'Base URL of the auth service' }),
  GATEWAY_UPSTREAM_TIMEOUT_MS: intInRange(100, 300_000)({ default: 10_000 }),
  GATEWAY_CONNECT_TIMEOUT_MS: intInRange(100, 60_000)({ default: 2_000 }),
  GATEWAY_UPSTREAM_CONNECTIONS: intInRange(1, 1024)({ default: 64 }),
  GATEWAY_BODY_LIMIT_BYTES: intInRange(1, 50 * 1024 * 1024)({ default: 100 * 1024 }),
};

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;

export const loadGatewayConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(gatewayConfigSpec, env);
