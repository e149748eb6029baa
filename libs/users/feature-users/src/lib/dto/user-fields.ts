import { ROLES } from '@platform/contracts';
import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOmittable } from '@platform/util-http';
import { IsIn } from 'class-validator';

export { EmailField, NameField } from '@platform/contracts';

/** Role: optional in bodies, never null; only an admin may send it (checked by the access policy). */
export const RoleField = () =>
  applyDecorators(
    ApiPropertyOptional({ enum: ROLES, description: 'Only an administrator may set it' }),
    IsOmittable(),
    IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` }),
  );
