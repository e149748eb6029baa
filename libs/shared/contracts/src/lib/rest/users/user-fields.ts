import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined, IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * E-mail in a request body: trimmed and lower-cased before validation, so uniqueness and logins
 * are case-insensitive. Shared by users' bodies and auth's register and login.
 */
export const EmailField = () =>
  applyDecorators(
    ApiProperty({ format: 'email', maxLength: 254, example: 'ada@example.com' }),
    Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value)),
    IsDefined({ message: 'email is required' }),
    IsEmail({}, { message: 'email must be an e-mail address' }),
    MaxLength(254),
  );

/** Display name in a request body: trimmed, 1-200 characters. */
export const NameField = () =>
  applyDecorators(
    ApiProperty({ minLength: 1, maxLength: 200, example: 'Ada Lovelace' }),
    Transform(trimmed),
    IsDefined({ message: 'name is required' }),
    IsString(),
    IsNotEmpty({ message: 'name must not be blank' }),
    MaxLength(200),
  );
