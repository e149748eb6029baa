/**
 * Routing keys of the events the users service publishes. The name carries the version:
 * a breaking change to a payload is a new name (`...v2`), published next to the old one.
 */
export const UsersEvents = {
  UserCreated: 'users.user.created.v1',
  UserUpdated: 'users.user.updated.v1',
  UserDeleted: 'users.user.deleted.v1',
} as const;

export type UsersEventName = (typeof UsersEvents)[keyof typeof UsersEvents];

/** Binding pattern that matches every users event of every version. */
export const ALL_USERS_EVENTS = 'users.user.#';
