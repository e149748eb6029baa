import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES } from '@platform/util-auth';
import { Transform } from 'class-transformer';
import { IsDefined, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** E-mail: trimmed and lower-cased before validation, so uniqueness is case-insensitive. */
export const EmailField = () =>
  applyDecorators(
    ApiProperty({ format: 'email', maxLength: 254, example: 'ada@example.com' }),
    Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value)),
    IsDefined({ message: 'email is required' }),
    IsEmail({}, { message: 'email must be an e-mail address' }),
    MaxLength(254),
  );

/** Display name: trimmed, 1-200 characters. */
export const NameField = () =>
  applyDecorators(
    ApiProperty({ minLength: 1, maxLength: 200, example: 'Ada Lovelace' }),
    Transform(trimmed),
    IsDefined({ message: 'name is required' }),
    IsString(),
    IsNotEmpty({ message: 'name must not be blank' }),
    MaxLength(200),
  );

/** Role: optional in bodies; only an admin may send it (checked by the access policy). */
export const RoleField = () =>
  applyDecorators(
    ApiPropertyOptional({ enum: ROLES, description: 'Only an administrator may set it' }),
    IsOptional(),
    IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` }),
  );
