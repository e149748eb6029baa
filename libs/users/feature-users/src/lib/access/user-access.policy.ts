import { Roles, type Role } from '@platform/contracts';
import { type Caller } from '@platform/util-auth';
import { validationProblem } from '@platform/util-http';
import { UserNotFoundError } from '../users.errors';

export const isAdmin = (caller: Caller): boolean => caller.role === Roles.Admin;

/**
 * Object-level access to one user (OWASP API1): the user themself or an admin. Anyone else
 * gets the same 404 as for a user that does not exist, so ids cannot be probed.
 */
export function assertMayAccessUser(caller: Caller, userId: string): void {
  if (caller.id !== userId && !isAdmin(caller)) throw new UserNotFoundError(userId);
}

/**
 * Only an admin sets a role (OWASP API3, mass assignment). A role in anyone else's body is
 * rejected, not silently dropped, so a client learns at once that it cannot do this.
 */
export function assertMaySetRole(caller: Caller, role: Role | undefined): void {
  if (role !== undefined && !isAdmin(caller)) {
    throw validationProblem([{ field: 'role', in: 'body', message: 'role can only be set by an administrator' }]);
  }
}
