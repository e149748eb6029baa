import type { FastifyReply } from 'fastify';
import { boundProblem } from './bound-problem';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from './problem-details';

/** Writes problem details as the response, tagged with the request id for support. */
export function sendProblem(reply: FastifyReply, problem: ProblemDetails): FastifyReply {
  return reply
    .code(problem.status)
    .header('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
    .send(JSON.stringify({ ...boundProblem(problem), requestId: reply.request.id }));
}
