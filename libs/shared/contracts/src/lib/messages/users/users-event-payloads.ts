import { UserCreatedV1Event } from './user-created.v1.event';
import { UserDeletedV1Event } from './user-deleted.v1.event';
import { UserUpdatedV1Event } from './user-updated.v1.event';
import { UsersEvents, type UsersEventName } from './users-events';

/** The payload class of each users event: what producers build and consumers validate against. */
export const usersEventPayloads = {
  [UsersEvents.UserCreated]: UserCreatedV1Event,
  [UsersEvents.UserUpdated]: UserUpdatedV1Event,
  [UsersEvents.UserDeleted]: UserDeletedV1Event,
} as const satisfies Record<UsersEventName, new () => object>;

export type UsersEventPayload<N extends UsersEventName> = InstanceType<(typeof usersEventPayloads)[N]>;
