import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { UsersEvents } from './users-events';
import { usersEventPayloads } from './users-event-payloads';

const validate = (name: keyof typeof usersEventPayloads, plain: object) =>
  validateSync(plainToInstance(usersEventPayloads[name], plain)).map((e) => e.property);

describe('users event payloads', () => {
  const snapshot = {
    userId: '0b9f1f9e-3c1a-4bde-9d1e-6f1c2b1e8a55',
    email: 'ada@example.com',
    name: 'Ada',
    version: 1,
    occurredAt: '2026-11-21T10:00:00.000Z',
  };

  it('accepts a well-formed snapshot for created and updated', () => {
    expect(validate(UsersEvents.UserCreated, snapshot)).toEqual([]);
    expect(validate(UsersEvents.UserUpdated, { ...snapshot, version: 2 })).toEqual([]);
  });

  it('names every invalid field', () => {
    expect(validate(UsersEvents.UserCreated, { ...snapshot, userId: 'x', email: 'nope', version: 0 })).toEqual([
      'userId',
      'email',
      'version',
    ]);
  });

  it('validates deleted events without e-mail or name', () => {
    const deleted = { userId: snapshot.userId, version: 3, occurredAt: snapshot.occurredAt };
    expect(validate(UsersEvents.UserDeleted, deleted)).toEqual([]);
    expect(validate(UsersEvents.UserDeleted, { ...deleted, occurredAt: 'yesterday' })).toEqual(['occurredAt']);
  });

  it('versions every message name', () => {
    for (const name of Object.values(UsersEvents)) expect(name).toMatch(/^users\.user\.[a-z]+\.v\d+$/);
  });
});
