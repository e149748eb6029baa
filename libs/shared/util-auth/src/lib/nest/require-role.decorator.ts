import { SetMetadata } from '@nestjs/common';
import type { Role } from '../access-token';

/** Metadata key RolesGuard reads. */
export const REQUIRED_ROLES = 'platform:required-roles';

/** Limits a handler or controller to callers with one of `roles`; the handler's list wins. */
export const RequireRole = (...roles: [Role, ...Role[]]) => SetMetadata(REQUIRED_ROLES, roles);
