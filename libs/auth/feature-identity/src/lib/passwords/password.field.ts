import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsPresent, SafeText } from '@platform/util-http';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** OWASP ASVS 2.1: at least 12 characters, at most 128, no composition rules. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * A new password (register, change): the policy applies, and control characters are refused
 * like in any text we keep (no keyboard types them; NUL truncates in C-based hashers).
 */
export const NewPasswordField = () =>
  applyDecorators(
    ApiProperty({
      format: 'password',
      minLength: PASSWORD_MIN_LENGTH,
      maxLength: PASSWORD_MAX_LENGTH,
      example: 'correct horse battery staple',
    }),
    IsPresent(),
    IsString(),
    MinLength(PASSWORD_MIN_LENGTH, { message: `$property must be at least ${PASSWORD_MIN_LENGTH} characters` }),
    MaxLength(PASSWORD_MAX_LENGTH, { message: `$property must be at most ${PASSWORD_MAX_LENGTH} characters` }),
    SafeText(),
  );

/**
 * A password being checked (login, current password): only bounded, so no policy leaks. No
 * character rule either: it is compared with a hash, never stored or shown, and a password set
 * before the rule existed must still log in.
 */
export const GivenPasswordField = () =>
  applyDecorators(
    ApiProperty({ format: 'password', maxLength: PASSWORD_MAX_LENGTH, example: 'correct horse battery staple' }),
    IsPresent(),
    IsString(),
    MaxLength(PASSWORD_MAX_LENGTH, { message: `$property must be at most ${PASSWORD_MAX_LENGTH} characters` }),
  );
