import { applyDecorators } from '@nestjs/common';
import { IsDefined, ValidateIf, type ValidationArguments } from 'class-validator';

const presenceMessage = ({ property, value }: ValidationArguments): string =>
  value === null ? `${property} must not be null` : `${property} is required`;

/** The field must be sent, and not as `null` (each told apart in the message). */
export const IsPresent = () => IsDefined({ message: presenceMessage });

/**
 * The field may be left out; when sent it is validated, `null` included, which is refused: no
 * field of ours means anything by `null`, and letting it through would reach the database as a
 * NOT NULL violation (a 500) instead of a 400. Use instead of class-validator's IsOptional, which
 * skips validation for `null` as well as for a missing field.
 */
export const IsOmittable = () =>
  applyDecorators(
    ValidateIf((_object: object, value: unknown) => value !== undefined),
    IsDefined({ message: presenceMessage }),
  );
