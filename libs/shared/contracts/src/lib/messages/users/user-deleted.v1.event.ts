import { IsInt, IsISO8601, IsUUID, Min } from 'class-validator';

/** `users.user.deleted.v1`: a user was deleted; `version` is the last version it had plus one. */
export class UserDeletedV1Event {
  @IsUUID()
  userId!: string;

  @IsInt()
  @Min(1)
  version!: number;

  @IsISO8601({ strict: true })
  occurredAt!: string;
}
