import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { ProblemTypes, statusTitle, PROBLEM_CONTENT_TYPE, type ProblemDetails } from './problem-details';
import { sendProblem } from './send-problem';

/** What Fastify's router refuses before any route runs, told without echoing the path back. */
const ROUTER_ERRORS: Record<string, { status: number; detail: string }> = {
  FST_ERR_BAD_URL: { status: 400, detail: 'The request path is not a valid URL: check its percent-encoding.' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, detail: 'A segment of the request path is too long.' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, detail: 'The request does not match any variant of the route.' },
};

/**
 * Fastify's `frameworkErrors`: the router's own refusals (a bad percent-encoding, an over-long
 * path segment) as problem+json like every other error, instead of Fastify's JSON shape.
 */
export function frameworkErrorProblem(error: { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const known = ROUTER_ERRORS[error.code ?? ''] ?? { status: 400, detail: 'The request cannot be routed.' };
  sendProblem(reply, {
    type: ProblemTypes.blank,
    title: statusTitle(known.status),
    status: known.status,
    detail: known.detail,
    instance: pathOnly(request.url),
  });
}

/** The path without its query, cut to a sane length (the problem's `instance`). */
function pathOnly(url: string): string {
  const path = url.split('?', 1)[0];
  return path.length > 200 ? path.slice(0, 200) : path;
}

/** Node's parser errors that say the request head was too large, or too slow to arrive. */
const CLIENT_ERROR_STATUS: Record<string, number> = { HPE_HEADER_OVERFLOW: 431, ERR_HTTP_REQUEST_TIMEOUT: 408 };

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refused (forbidden bytes in a
 * header, broken framing, a head too large) gets a problem+json answer on the raw socket and the
 * connection is closed, since the stream can no longer be trusted.
 */
export function clientErrorProblem(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? 400;
  const problem: ProblemDetails = {
    type: ProblemTypes.blank,
    title: statusTitle(status),
    status,
    detail: 'The request is not valid HTTP/1.1.',
  };
  const body = JSON.stringify(problem);
  socket.end(
    `HTTP/1.1 ${status} ${problem.title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
