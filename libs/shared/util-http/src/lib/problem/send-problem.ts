import type { FastifyReply } from 'fastify';
import type { ProblemDetails } from './problem-details';
import { problemBody, problemHeaders } from './problem-body';

/** Writes problem details as a Fastify reply: the same body and headers as Exchange.fail. */
export function sendProblem(reply: FastifyReply, problem: ProblemDetails): FastifyReply {
  const body = problemBody(problem, reply.request.id);
  return reply.code(problem.status).headers(problemHeaders(body)).send(body);
}
