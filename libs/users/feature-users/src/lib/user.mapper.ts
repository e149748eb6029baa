import type { UserCreatedV1Event, UserDeletedV1Event, UserDto } from '@platform/contracts';
import type { UserEntity } from '@platform/users-data-access';

export function toUserDto(user: UserEntity): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    version: user.version,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

/** Payload of `users.user.created|updated.v1`: the user's state after the change. */
export function toUserSnapshot(user: UserEntity, occurredAt: Date): UserCreatedV1Event {
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    version: user.version,
    occurredAt: occurredAt.toISOString(),
  };
}

/** Payload of `users.user.deleted.v1`; deletion counts as one more version. */
export function toUserDeleted(user: UserEntity, occurredAt: Date): UserDeletedV1Event {
  return { userId: user.id, version: user.version + 1, occurredAt: occurredAt.toISOString() };
}
