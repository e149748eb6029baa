import type { OutgoingHttpHeaders } from 'node:http';
import { boundProblem } from './bound-problem';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from './problem-details';

const PROBLEM_CONTENT_TYPE_HEADER = `${PROBLEM_CONTENT_TYPE}; charset=utf-8`;

/**
 * The body of every problem answer, on every path (the request pipeline's Exchange.fail, Nest's
 * ProblemDetailsFilter, Fastify's router errors): bounded, tagged with the request id for support.
 */
export function problemBody(problem: ProblemDetails, requestId: string): string {
  return JSON.stringify({ ...boundProblem(problem), requestId });
}

/** The headers that describe a problem body. */
export function problemHeaders(body: string): OutgoingHttpHeaders {
  return { 'content-type': PROBLEM_CONTENT_TYPE_HEADER, 'content-length': Buffer.byteLength(body) };
}
