import type { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_LIMITS } from '../problem/bound-problem';
import { ProblemTypes } from '../problem/problem-details';
import { REQUEST_ID_PATTERN } from '../app/request-id';

type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

/** OpenAPI schema of every error body (RFC 9457), shared by all services; bounds from PROBLEM_LIMITS. */
export const problemDetailsSchema: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: {
      type: 'string',
      enum: Object.values(ProblemTypes),
      description: 'about:blank, or a urn:problem-type:* naming the condition',
      example: ProblemTypes.validation,
    },
    title: { type: 'string', maxLength: PROBLEM_LIMITS.title, example: 'Your request is not valid' },
    status: { type: 'integer', format: 'int32', minimum: 400, maximum: 599, example: 400 },
    detail: { type: 'string', maxLength: PROBLEM_LIMITS.detail, example: 'Invalid field(s): email' },
    instance: {
      type: 'string',
      format: 'uri-reference',
      maxLength: PROBLEM_LIMITS.instance,
      description: 'The path the client called',
      example: '/api/v1/users',
    },
    requestId: {
      type: 'string',
      pattern: REQUEST_ID_PATTERN.source,
      maxLength: 128,
      example: '6f1c2b1e-0b9f-4bde-9d1e-3c1a8a55f1f9',
    },
    errors: {
      type: 'array',
      maxItems: PROBLEM_LIMITS.errors,
      description: `The invalid fields (the first ${PROBLEM_LIMITS.errors} when there are more)`,
      items: {
        type: 'object',
        required: ['field', 'in', 'message'],
        properties: {
          field: {
            type: 'string',
            maxLength: PROBLEM_LIMITS.field,
            description: 'Dotted path of the field; a header by its name',
            example: 'email',
          },
          in: { type: 'string', enum: ['body', 'query', 'path', 'header'] },
          message: { type: 'string', maxLength: PROBLEM_LIMITS.message, example: 'email must be an e-mail address' },
        },
      },
    },
  },
};
