import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Min } from 'class-validator';
import { ROLES, type Role } from '../../roles';

export const ACCESS_REVOCATION_REASONS = [
  'logout',
  'password-changed',
  'reuse-detected',
  'user-deleted',
  'role-changed',
] as const;
export type AccessRevocationReason = (typeof ACCESS_REVOCATION_REASONS)[number];

/**
 * `auth.access.revoked.v1`: access tokens of a user that must stop working now, before they
 * expire. Which ones: those of the listed sessions (`sid`), every one (`allSessions`), or those
 * whose role is not `keepRole` (the role changed). Verifiers keep the notice until `until`
 * (seconds since the epoch), after which every token it covers has expired anyway.
 */
export class AccessRevokedV1Event {
  @IsUUID()
  userId!: string;

  @IsIn(ACCESS_REVOCATION_REASONS)
  reason!: AccessRevocationReason;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsUUID('all', { each: true })
  sessionIds?: string[];

  @IsOptional()
  @IsBoolean()
  allSessions?: boolean;

  @IsOptional()
  @IsIn(ROLES)
  keepRole?: Role;

  @IsInt()
  @Min(0)
  until!: number;

  @IsISO8601({ strict: true })
  occurredAt!: string;
}
