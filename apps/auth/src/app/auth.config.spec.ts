import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { authConfigSpec, identityOptionsFrom, loadAuthConfig } from './auth.config';

describe('auth config', () => {
  const key = Buffer.alloc(32, 9).toString('base64');

  it('needs only its key-encryption key; everything else has a local default', () => {
    expect(loadAuthConfig({ AUTH_KEY_ENCRYPTION_KEY: key })).toMatchObject({
      AUTH_PORT: 3002,
      AUTH_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/auth',
      AUTH_USERS_EVENTS_QUEUE: 'auth.users-events',
      AUTH_ARGON2_MEMORY_KIB: 19_456,
      AUTH_ARGON2_ITERATIONS: 2,
    });
    expect(() => loadAuthConfig({})).toThrow('Invalid configuration: AUTH_KEY_ENCRYPTION_KEY is missing');
  });

  it("refuses argon2id parameters below OWASP's minimum", () => {
    expect(() =>
      loadAuthConfig({ AUTH_KEY_ENCRYPTION_KEY: key, AUTH_ARGON2_MEMORY_KIB: '4096', AUTH_ARGON2_ITERATIONS: '1' }),
    ).toThrow(/AUTH_ARGON2_MEMORY_KIB must be an integer from 19456.*AUTH_ARGON2_ITERATIONS must be an integer from 2/);
  });

  it("wants the administrator's e-mail and password together, the password at least 12 characters", () => {
    expect(() => loadAuthConfig({ AUTH_KEY_ENCRYPTION_KEY: key, ADMIN_EMAIL: 'admin@example.com' })).toThrow(
      'ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
    );
    expect(() =>
      loadAuthConfig({ AUTH_KEY_ENCRYPTION_KEY: key, ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'short' }),
    ).toThrow(/ADMIN_PASSWORD must be 12-128 characters/);
    expect(
      identityOptionsFrom(
        loadAuthConfig({
          AUTH_KEY_ENCRYPTION_KEY: key,
          ADMIN_EMAIL: 'Admin@Example.com',
          ADMIN_PASSWORD: 'long enough secret',
        }),
      ).admin,
    ).toEqual({
      email: 'admin@example.com',
      password: 'long enough secret',
      name: 'Administrator',
    });
  });

  it('believes no forwarded header unless the gateway is named, and locks accounts per address first', () => {
    const config = loadAuthConfig({ AUTH_KEY_ENCRYPTION_KEY: key });
    expect(config.AUTH_TRUSTED_PROXIES).toEqual([]);
    expect(identityOptionsFrom(config).throttle).toMatchObject({
      failuresPerAccountAndAddress: 5,
      failuresPerAccount: 100,
      failureWindowSeconds: 900,
    });
    expect(() =>
      loadAuthConfig({
        AUTH_KEY_ENCRYPTION_KEY: key,
        AUTH_MAX_FAILED_LOGINS: '10',
        AUTH_MAX_FAILED_LOGINS_PER_ACCOUNT: '9',
      }),
    ).toThrow('AUTH_MAX_FAILED_LOGINS_PER_ACCOUNT must not be lower than AUTH_MAX_FAILED_LOGINS');
  });

  it('rejects a queue name RabbitMQ would not accept as ours', () => {
    expect(() => loadAuthConfig({ AUTH_KEY_ENCRYPTION_KEY: key, AUTH_USERS_EVENTS_QUEUE: 'auth users' })).toThrow(
      /AUTH_USERS_EVENTS_QUEUE must be 1-200 letters/,
    );
  });

  it('has a management port of its own that must differ from the public one, reported with the other problems', () => {
    expect(loadAuthConfig({ AUTH_KEY_ENCRYPTION_KEY: key }).AUTH_MANAGEMENT_PORT).toBe(4002);
    expect(() => loadAuthConfig({ AUTH_KEY_ENCRYPTION_KEY: key, AUTH_MANAGEMENT_PORT: '0' })).toThrow(
      'AUTH_MANAGEMENT_PORT must be an integer from 1 to 65535 (got "0")',
    );
    expect(() =>
      loadAuthConfig({ AUTH_KEY_ENCRYPTION_KEY: key, AUTH_PORT: '4002', ADMIN_EMAIL: 'admin@example.com' }),
    ).toThrow(
      'Invalid configuration: ADMIN_EMAIL and ADMIN_PASSWORD must be set together; AUTH_MANAGEMENT_PORT must differ from AUTH_PORT (both are 4002)',
    );
  });

  it('documents every variable in .env.example', () => {
    const documented = readFileSync(join(__dirname, '../../../../.env.example'), 'utf8');
    for (const name of Object.keys(authConfigSpec)) expect(documented).toMatch(new RegExp(`^${name}=`, 'm'));
  });
});
