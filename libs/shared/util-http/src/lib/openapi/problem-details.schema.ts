import type { OpenAPIObject } from '@nestjs/swagger';

type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

/** OpenAPI schema of every error body (RFC 9457), shared by all services. */
export const problemDetailsSchema: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri-reference', description: 'about:blank, or a urn:problem-type:* naming the condition', example: 'urn:problem-type:validation-error' },
    title: { type: 'string', example: 'Your request is not valid' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', example: 'Invalid field(s): email' },
    instance: { type: 'string', description: 'The path the client called', example: '/api/v1/users' },
    requestId: { type: 'string', example: '6f1c2b1e-0b9f-4bde-9d1e-3c1a8a55f1f9' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'in', 'message'],
        properties: {
          field: { type: 'string', example: 'email' },
          in: { type: 'string', enum: ['body', 'query', 'path', 'header'] },
          message: { type: 'string', example: 'email must be an e-mail address' },
        },
      },
    },
  },
};
