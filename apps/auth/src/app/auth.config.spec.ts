import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { authConfigSpec, loadAuthConfig } from './auth.config';

describe('auth config', () => {
  it('works with no environment at all, for local runs', () => {
    expect(loadAuthConfig({})).toMatchObject({ AUTH_PORT: 3002, AUTH_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/auth', AUTH_USERS_EVENTS_QUEUE: 'auth.users-events' });
  });

  it('rejects a queue name RabbitMQ would not accept as ours', () => {
    expect(() => loadAuthConfig({ AUTH_USERS_EVENTS_QUEUE: 'auth users' })).toThrow(/AUTH_USERS_EVENTS_QUEUE must be 1-200 letters/);
  });

  it('documents every variable in .env.example', () => {
    const documented = readFileSync(join(__dirname, '../../../../.env.example'), 'utf8');
    for (const name of Object.keys(authConfigSpec)) expect(documented).toMatch(new RegExp(`^${name}=`, 'm'));
  });
});
