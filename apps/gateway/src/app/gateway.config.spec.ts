import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { managementAddressOf } from '@platform/util-config';
import { gatewayConfigSpec, loadGatewayConfig } from './gateway.config';
import { gatewayPolicyOptionsFrom } from './gateway-policies.config';

describe('gateway config', () => {
  it('works with no environment at all, for local runs', () => {
    expect(loadGatewayConfig({})).toMatchObject({
      GATEWAY_PORT: 3000,
      GATEWAY_USERS_URL: ['http://127.0.0.1:3001'],
      GATEWAY_AUTH_URL: ['http://127.0.0.1:3002'],
      GATEWAY_UPSTREAM_TIMEOUT_MS: 10_000,
      GATEWAY_BODY_LIMIT_BYTES: 102_400,
    });
  });

  it('stops with a line naming each bad variable', () => {
    let message = '';
    try {
      loadGatewayConfig({ GATEWAY_USERS_URL: 'users:3001', GATEWAY_UPSTREAM_TIMEOUT_MS: '5s', NODE_ENV: 'prod' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid configuration: /);
    expect(message).not.toContain('\n');
    expect(message).toContain('NODE_ENV');
    expect(message).toContain('GATEWAY_USERS_URL must use http: or https: (got "users:")');
    expect(message).toContain('GATEWAY_UPSTREAM_TIMEOUT_MS must be an integer from 100 to 300000 (got "5s")');
  });

  it('takes a comma-separated list of instances per upstream, each a base URL', () => {
    const config = loadGatewayConfig({
      GATEWAY_USERS_URL: 'http://10.0.0.5:3001, http://10.0.0.6:3001',
      GATEWAY_RETRY_BUDGET_PERCENT: '25',
    });
    expect(config.GATEWAY_USERS_URL).toEqual(['http://10.0.0.5:3001', 'http://10.0.0.6:3001']);
    expect(config.GATEWAY_RETRY_BUDGET_PERCENT).toBe(0.25);
    expect(() => loadGatewayConfig({ GATEWAY_USERS_URL: 'http://a:1,ftp://b:2' })).toThrow(
      'GATEWAY_USERS_URL must use http: or https: (got "ftp:")',
    );
    expect(() => loadGatewayConfig({ GATEWAY_USERS_URL: 'http://a:1/v1' })).toThrow(
      'GATEWAY_USERS_URL must be base URLs without a path (got "http://a:1/v1")',
    );
    expect(() => loadGatewayConfig({ GATEWAY_USERS_URL: 'http://a:1,http://a:1/' })).toThrow(
      'GATEWAY_USERS_URL must not list an instance twice',
    );
    expect(() => loadGatewayConfig({ GATEWAY_AUTH_URL: 'http://a:1,' })).toThrow(
      'GATEWAY_AUTH_URL must be comma-separated URLs (got "")',
    );
  });

  it('checks settings that depend on each other', () => {
    expect(() => loadGatewayConfig({ GATEWAY_UPSTREAM_TIMEOUT_MS: '60000' })).toThrow(
      'Invalid configuration: GATEWAY_CONNECTION_TIMEOUT_MS must be longer than GATEWAY_UPSTREAM_TIMEOUT_MS',
    );
  });

  it('reads rate limits as requests per window, and the policy settings', () => {
    expect(
      loadGatewayConfig({ GATEWAY_RATE_LIMIT_STANDARD: '100/2m', GATEWAY_TRUSTED_PROXIES: '10.0.0.0/8' }),
    ).toMatchObject({
      GATEWAY_RATE_LIMIT_STANDARD: { points: 100, windowSeconds: 120 },
      GATEWAY_RATE_LIMIT_AUTH: { points: 60, windowSeconds: 60 },
      GATEWAY_TRUSTED_PROXIES: ['10.0.0.0/8'],
      GATEWAY_REDIS_URL: '',
      GATEWAY_CACHE_MAX_MB: 64,
    });
    expect(loadGatewayConfig({ GATEWAY_RATE_LIMIT_AUTH: '5/30' }).GATEWAY_RATE_LIMIT_AUTH).toEqual({
      points: 5,
      windowSeconds: 30,
    });
    expect(() => loadGatewayConfig({ GATEWAY_RATE_LIMIT_AUTH: '60 per minute' })).toThrow(
      'GATEWAY_RATE_LIMIT_AUTH must be requests per window like 600/60s (window 1s to 24h) (got "60 per minute")',
    );
    expect(() => loadGatewayConfig({ GATEWAY_REDIS_URL: 'http://x' })).toThrow('GATEWAY_REDIS_URL');
  });

  it('limits failed authentications per address, 20 a minute unless told otherwise', () => {
    expect(loadGatewayConfig({}).GATEWAY_AUTH_FAILURE_LIMIT).toEqual({ points: 20, windowSeconds: 60 });
    expect(
      gatewayPolicyOptionsFrom(loadGatewayConfig({ GATEWAY_AUTH_FAILURE_LIMIT: '10/5m' })).authFailureLimit,
    ).toEqual({ points: 10, windowSeconds: 300 });
    expect(() => loadGatewayConfig({ GATEWAY_AUTH_FAILURE_LIMIT: '0/60s' })).toThrow(
      'GATEWAY_AUTH_FAILURE_LIMIT must be requests per window like 600/60s',
    );
  });

  it('serves metrics and detailed health on a management port of its own, on HOST unless MANAGEMENT_HOST says otherwise', () => {
    const config = loadGatewayConfig({ HOST: '127.0.0.1' });
    expect(config.GATEWAY_MANAGEMENT_PORT).toBe(4000);
    expect(managementAddressOf(config, config.GATEWAY_MANAGEMENT_PORT)).toEqual({ port: 4000, host: '127.0.0.1' });
    const internal = loadGatewayConfig({
      HOST: '0.0.0.0',
      MANAGEMENT_HOST: '10.0.0.7',
      GATEWAY_MANAGEMENT_PORT: '9100',
    });
    expect(managementAddressOf(internal, internal.GATEWAY_MANAGEMENT_PORT)).toEqual({ port: 9100, host: '10.0.0.7' });
    expect(() => loadGatewayConfig({ GATEWAY_MANAGEMENT_PORT: '70000' })).toThrow(
      'GATEWAY_MANAGEMENT_PORT must be an integer from 1 to 65535 (got "70000")',
    );
    expect(() => loadGatewayConfig({ MANAGEMENT_HOST: 'not a host' })).toThrow(/MANAGEMENT_HOST/);
    expect(() => loadGatewayConfig({ GATEWAY_PORT: '8080', GATEWAY_MANAGEMENT_PORT: '8080' })).toThrow(
      'Invalid configuration: GATEWAY_MANAGEMENT_PORT must differ from GATEWAY_PORT (both are 8080)',
    );
  });

  it('documents every variable in .env.example', () => {
    const documented = readFileSync(join(__dirname, '../../../../.env.example'), 'utf8');
    for (const name of Object.keys(gatewayConfigSpec)) expect(documented).toMatch(new RegExp(`^${name}=`, 'm'));
  });
});
