import type { ValidationError } from 'class-validator';
import type { FieldError } from '../problem/problem-details';

/** Flattens class-validator's nested errors into one entry per field and failed rule. */
export function flattenValidationErrors(
  errors: readonly ValidationError[],
  location: FieldError['in'],
  parentPath = '',
): FieldError[] {
  return errors.flatMap((error) => {
    const field = parentPath ? `${parentPath}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, in: location, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], location, field)];
  });
}
