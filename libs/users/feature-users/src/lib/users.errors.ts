/**
 * What can go wrong in the users use cases, in the domain's words. UsersService throws these and
 * knows nothing of HTTP; UsersProblemFilter (http/) is the one place they become problems.
 */
export abstract class UsersError extends Error {}

/** No such user, or one the caller may not see (the same answer: ids cannot be probed). */
export class UserNotFoundError extends UsersError {
  constructor(readonly userId: string) {
    super(`No user with id ${userId}`);
  }
}

/** A write based on a stale read: the precondition names another version than the current one. */
export class UserVersionMismatchError extends UsersError {
  constructor(
    readonly ifMatch: string,
    readonly currentVersion: number,
  ) {
    super(`If-Match ${ifMatch} does not match version ${currentVersion}`);
  }
}

/** Another user already has the e-mail address. */
export class UserEmailTakenError extends UsersError {
  constructor() {
    super('A user with this e-mail already exists');
  }
}
