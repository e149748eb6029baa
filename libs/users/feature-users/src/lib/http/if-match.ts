import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { validationProblem } from '@platform/util-http';
import type { FastifyRequest } from 'fastify';

/** RFC 9110 If-Match: `*`, or a comma-separated list of entity tags (strong or weak). */
export const IF_MATCH_PATTERN = /^(\*|(W\/)?"[\x21\x23-\x7e]*"(\s*,\s*(W\/)?"[\x21\x23-\x7e]*")*)$/;
export const IF_MATCH_MAX_LENGTH = 256;

/** The If-Match header, as the OpenAPI document describes it. */
export const IfMatchHeader = () =>
  ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'ETag of the version you read; a stale one gets 412, a malformed one 400',
    schema: { type: 'string', pattern: IF_MATCH_PATTERN.source, maxLength: IF_MATCH_MAX_LENGTH, example: '"1"' },
  });

/** The If-Match value, checked against what IfMatchHeader documents; a 400 problem otherwise. */
export function parseIfMatch(value: string | undefined): string | undefined {
  if (value === undefined || (value.length <= IF_MATCH_MAX_LENGTH && IF_MATCH_PATTERN.test(value))) return value;
  throw validationProblem([
    {
      field: 'If-Match',
      in: 'header',
      message: `If-Match must be * or a list of entity tags ("1"), at most ${IF_MATCH_MAX_LENGTH} characters`,
    },
  ]);
}

/** Handler parameter: the request's If-Match header, validated by parseIfMatch. */
export const IfMatch = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  parseIfMatch(context.switchToHttp().getRequest<FastifyRequest>().headers['if-match']),
);
