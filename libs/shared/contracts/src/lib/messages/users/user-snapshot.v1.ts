import { ROLES, type Role } from '../../roles';
import { IsEmail, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';

/**
 * The state of a user after a change. Events carry a full snapshot (not a diff) with the
 * row version, so a consumer can apply them idempotently: a snapshot whose version is not
 * newer than what it holds is already applied.
 */
export abstract class UserSnapshotV1 {
  @IsUUID()
  userId!: string;

  @IsEmail()
  email!: string;

  @IsString()
  @Length(1, 200)
  name!: string;

  /** Added after the first release, so optional: a snapshot without it means `user`. */
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @IsInt()
  @Min(1)
  version!: number;

  @IsISO8601({ strict: true })
  occurredAt!: string;
}
