import type { Caller } from '@platform/util-auth';
import type { ProblemException } from '@platform/util-http';
import { UserNotFoundError } from '../users.errors';
import { assertMayAccessUser, assertMaySetRole } from './user-access.policy';

const caller = (id: string, role: Caller['role']): Caller => ({ id, role, tokenId: 'jti', expiresAt: 0 });
const ada = caller('a0000000-0000-4000-8000-000000000001', 'user');
const admin = caller('a0000000-0000-4000-8000-0000000000ad', 'admin');
const bob = 'b0000000-0000-4000-8000-000000000002';

describe('user access policy', () => {
  it('lets a user reach only their own user, with 404 for anyone else', () => {
    expect(() => assertMayAccessUser(ada, ada.id)).not.toThrow();
    expect(() => assertMayAccessUser(ada, bob)).toThrow(UserNotFoundError);
  });

  it('gives the same answer for another user as for a missing one', () => {
    expect(() => assertMayAccessUser(ada, bob)).toThrow(`No user with id ${bob}`);
  });

  it('lets an admin reach every user', () => {
    expect(() => assertMayAccessUser(admin, bob)).not.toThrow();
  });

  it('rejects a role set by a non-admin with a 400 naming the field', () => {
    expect(() => assertMaySetRole(ada, undefined)).not.toThrow();
    expect(() => assertMaySetRole(admin, 'admin')).not.toThrow();
    try {
      assertMaySetRole(ada, 'admin');
      throw new Error('accepted');
    } catch (error) {
      expect((error as ProblemException).problem).toMatchObject({
        status: 400,
        errors: [{ field: 'role', in: 'body' }],
      });
    }
  });
});
