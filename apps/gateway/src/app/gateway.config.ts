import { bearerAuthConfigSpec } from '@platform/util-auth';
import { commonConfigSpec, docsConfigSpec, intInRange, loadConfig, messagingConfigSpec, tcpPort, urlWithProtocol } from '@platform/util-config';
import { makeValidator } from 'envalid';
import { gatewayPoliciesConfigSpec } from './gateway-policies.config';

/** Comma-separated origins (`https://app.example.com`), each a scheme and host with no path. */
const originList = makeValidator<string[]>((input: string) => {
  const origins = String(input).split(',').map((part) => part.trim()).filter(Boolean);
  const bad = origins.find((origin) => !/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(origin));
  if (bad) throw new Error(`must be comma-separated origins like https://app.example.com (got "${bad}")`);
  return origins;
});

const httpUrl = urlWithProtocol(['http:', 'https:']);

export const gatewayConfigSpec = {
  ...commonConfigSpec,
  ...docsConfigSpec,
  ...bearerAuthConfigSpec,
  ...messagingConfigSpec,
  ...gatewayPoliciesConfigSpec,
  GATEWAY_CORS_ORIGINS: originList({ default: [], desc: 'Browser origins allowed to call the API (CORS); none when empty' }),
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
