import { HttpStatus, ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { ProblemTypes, type FieldError } from '../problem/problem-details';
import { ProblemException } from '../problem/problem.exception';
import { flattenValidationErrors } from './flatten-validation-errors';

class ValidationFailed extends Error {
  constructor(readonly errors: ValidationError[]) {
    super('validation failed');
  }
}

const locations: Record<ArgumentMetadata['type'], FieldError['in']> = {
  body: 'body',
  query: 'query',
  param: 'path',
  custom: 'body',
};

/**
 * Validates and transforms DTOs; unknown properties are rejected, not silently dropped, so a
 * client learns that a field it sent is not part of the API. Failures become a 400 problem
 * listing each field.
 */
export class ProblemValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      stopAtFirstError: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new ValidationFailed(errors),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && !this.isPlainObject(value)) {
      throw validationProblem([{ field: '', in: 'body', message: 'request body must be a JSON object' }]);
    }
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      throw validationProblem(flattenValidationErrors(error.errors, locations[metadata.type]));
    }
  }

  private isPlainObject(value: unknown): boolean {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

/** The 400 problem for invalid input, listing every invalid field. */
export function validationProblem(errors: FieldError[]): ProblemException {
  const fields = [...new Set(errors.map((e) => e.field).filter(Boolean))];
  return new ProblemException(HttpStatus.BAD_REQUEST, {
    type: ProblemTypes.validation,
    title: 'Your request is not valid',
    detail: fields.length ? `Invalid field(s): ${fields.join(', ')}` : (errors[0]?.message ?? 'Invalid request'),
    errors,
  });
}
