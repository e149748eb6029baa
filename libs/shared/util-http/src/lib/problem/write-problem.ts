import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { boundProblem } from './bound-problem';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from './problem-details';

/**
 * sendProblem for a bare Node response (the gateway's proxy path): the same body, tagged with the
 * request id, after `headers` (the request's own: request id, security headers, rate limits...).
 */
export function writeProblem(
  response: ServerResponse,
  problem: ProblemDetails,
  requestId: string,
  headers: OutgoingHttpHeaders,
): void {
  const body = JSON.stringify({ ...boundProblem(problem), requestId });
  headers['content-type'] = `${PROBLEM_CONTENT_TYPE}; charset=utf-8`;
  headers['content-length'] = Buffer.byteLength(body);
  response.writeHead(problem.status, headers).end(body);
}
