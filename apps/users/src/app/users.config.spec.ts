import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { usersConfigSpec, loadUsersConfig } from './users.config';

describe('users config', () => {
  it('works with no environment at all, for local runs', () => {
    expect(loadUsersConfig({})).toMatchObject({
      USERS_PORT: 3001,
      USERS_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/users',
      RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672',
      EVENTS_EXCHANGE: 'platform.events',
      DOCS_ENABLED: true,
    });
  });

  it('stops with a line naming each bad variable', () => {
    expect(() => loadUsersConfig({ USERS_DB_POOL_SIZE: '0', RABBITMQ_URL: 'http://broker' })).toThrow(
      'Invalid configuration: RABBITMQ_URL must use amqp: or amqps: (got "http:"); USERS_DB_POOL_SIZE must be an integer from 1 to 100 (got "0")',
    );
  });

  it('has a management port of its own that must differ from the public one', () => {
    expect(loadUsersConfig({}).USERS_MANAGEMENT_PORT).toBe(4001);
    expect(loadUsersConfig({ USERS_MANAGEMENT_PORT: '9101' }).USERS_MANAGEMENT_PORT).toBe(9101);
    expect(() => loadUsersConfig({ USERS_MANAGEMENT_PORT: 'metrics' })).toThrow(
      'USERS_MANAGEMENT_PORT must be an integer from 1 to 65535 (got "metrics")',
    );
    expect(() => loadUsersConfig({ USERS_MANAGEMENT_PORT: '3001' })).toThrow(
      'Invalid configuration: USERS_MANAGEMENT_PORT must differ from USERS_PORT (both are 3001)',
    );
  });

  it('documents every variable in .env.example', () => {
    const documented = readFileSync(join(__dirname, '../../../../.env.example'), 'utf8');
    for (const name of Object.keys(usersConfigSpec)) expect(documented).toMatch(new RegExp(`^${name}=`, 'm'));
  });
});
