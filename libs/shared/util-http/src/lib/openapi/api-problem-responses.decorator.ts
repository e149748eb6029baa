import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type ResponseObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, ProblemTypes, statusTitle, type ProblemDetails } from '../problem/problem-details';

/** What a client typically sees for each status; an operation may give its own detail. */
const TYPICAL: Record<number, Pick<ProblemDetails, 'type' | 'detail'> & Partial<ProblemDetails>> = {
  400: {
    type: ProblemTypes.validation,
    title: 'Your request is not valid',
    detail: 'Invalid field(s): email',
    errors: [{ field: 'email', in: 'body', message: 'email must be an e-mail address' }],
  },
  401: { type: ProblemTypes.unauthenticated, detail: 'A valid bearer access token is required.' },
  403: { type: ProblemTypes.forbidden, detail: 'This operation needs the admin role.' },
  404: { type: ProblemTypes.blank, detail: 'No such resource' },
  409: { type: ProblemTypes.conflict, detail: 'The request conflicts with a stored resource' },
  412: {
    type: ProblemTypes.preconditionFailed,
    detail:
      'The resource has changed since you read it: If-Match was "1", the current ETag is "2". Read it again and retry.',
  },
  413: { type: ProblemTypes.blank, detail: 'Request body is too large' },
  429: {
    type: ProblemTypes.tooManyRequests,
    detail: 'Too many attempts. Retry after the number of seconds in Retry-After.',
  },
  500: { type: ProblemTypes.blank, detail: 'The server could not complete the request. It has been logged.' },
  502: {
    type: ProblemTypes.badGateway,
    detail: 'The users service closed the connection or sent an invalid response.',
  },
  503: { type: ProblemTypes.upstreamUnavailable, detail: 'The users service is unavailable. Try again shortly.' },
  504: { type: ProblemTypes.upstreamTimeout, detail: 'The users service did not answer in time.' },
};

export type ProblemResponseSpec = number | { status: number; detail: string };

const statusOf = (spec: ProblemResponseSpec): number => (typeof spec === 'number' ? spec : spec.status);

/** A problem+json response object for `spec`, with an example of its own shape. */
export function problemResponse(spec: ProblemResponseSpec, instance = '/api/v1/users'): ResponseObject {
  const status = statusOf(spec);
  const typical = TYPICAL[status] ?? { type: ProblemTypes.blank, detail: statusTitle(status) };
  const example: ProblemDetails = {
    type: typical.type,
    title: typical.title ?? statusTitle(status),
    status,
    detail: typeof spec === 'number' ? typical.detail : spec.detail,
    instance,
    requestId: '6f1c2b1e-0b9f-4bde-9d1e-3c1a8a55f1f9',
    ...(typical.errors && { errors: typical.errors }),
  };
  return {
    description: example.title,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' }, example } },
  };
}

/** Documents error statuses as problem+json responses, each with an example of its own shape. */
export function ApiProblemResponses(...specs: ProblemResponseSpec[]) {
  return applyDecorators(...specs.map((spec) => ApiResponse({ status: statusOf(spec), ...problemResponse(spec) })));
}
