import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsPresent, SafeText } from '@platform/util-http';
import { Transform } from 'class-transformer';
import { isEmail, IsNotEmpty, IsString, MaxLength, ValidateBy, type ValidationOptions } from 'class-validator';

/** Longest e-mail address (RFC 5321's path limit); also the column's length. */
export const EMAIL_MAX_LENGTH = 254;
/** Longest display name; also the column's length. */
export const NAME_MAX_LENGTH = 200;

/**
 * class-validator's IsEmail, made total: validator.js percent-encodes the address on the way and
 * throws URIError on a lone surrogate (a 500 for `"\ud800"`); such a string is simply not an
 * e-mail address.
 */
export const IsEmailAddress = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isEmailAddress',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.isWellFormed() && isEmail(value),
        defaultMessage: () => 'email must be an e-mail address',
      },
    },
    options,
  );

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * E-mail in a request body: trimmed and lower-cased before validation, so uniqueness and logins
 * are case-insensitive. Shared by users' bodies and auth's register and login.
 */
export const EmailField = () =>
  applyDecorators(
    ApiProperty({ format: 'email', maxLength: EMAIL_MAX_LENGTH, example: 'ada@example.com' }),
    Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value)),
    IsPresent(),
    IsEmailAddress(),
    MaxLength(EMAIL_MAX_LENGTH),
    SafeText(),
  );

/** Display name in a request body: trimmed, 1-200 characters, no control characters. */
export const NameField = () =>
  applyDecorators(
    ApiProperty({ minLength: 1, maxLength: NAME_MAX_LENGTH, example: 'Ada Lovelace' }),
    Transform(trimmed),
    IsPresent(),
    IsString(),
    IsNotEmpty({ message: 'name must not be blank' }),
    MaxLength(NAME_MAX_LENGTH),
    SafeText(),
  );
