import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Text without C0 controls (NUL, ESC, CR, LF, TAB...), DEL and C1 controls (CSI): none belongs in
 * a name or an e-mail, and each is a way to hurt what later shows or stores the text (terminal
 * escapes in logs and consoles, NUL truncation in C libraries and PostgreSQL, forged log lines).
 * As an ECMAScript pattern, published in the OpenAPI document.
 */
export const SAFE_TEXT_PATTERN = '^[^\\u0000-\\u001f\\u007f-\\u009f]*$';

const isControl = (code: number): boolean => code < 0x20 || (code >= 0x7f && code <= 0x9f);
const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * Whether `value` is a string matching SAFE_TEXT_PATTERN that is also well-formed UTF-16: a lone
 * surrogate cannot be stored as sent (it would become U+FFFD), so it is refused, not altered.
 */
export function isSafeText(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (isControl(code) || isLowSurrogate(code)) return false;
    // A pair is skipped whole; a high surrogate without its low half is malformed.
    if (isHighSurrogate(code) && !isLowSurrogate(value.charCodeAt(++i))) return false;
  }
  return true;
}

/**
 * Refuses control characters and malformed Unicode in a free-text field (400 listing the field),
 * and publishes the rule as the field's `pattern`. Every free-text field of a request carries it.
 */
export const SafeText = (options?: ValidationOptions) =>
  applyDecorators(
    ApiProperty({ pattern: SAFE_TEXT_PATTERN }),
    ValidateBy(
      {
        name: 'safeText',
        validator: {
          validate: isSafeText,
          defaultMessage: () => '$property must not contain control characters or malformed Unicode',
        },
      },
      options,
    ),
  );
