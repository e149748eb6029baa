import { HttpException, HttpStatus } from '@nestjs/common';
import { ProblemTypes, statusTitle, type ProblemDetails } from './problem-details';
import { ProblemException } from './problem.exception';

/** Errors raised by Fastify itself (bad JSON, body too large, wrong content type) carry these. */
interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

const isFastifyClientError = (
  error: unknown,
): error is Required<Pick<FastifyLikeError, 'statusCode'>> & FastifyLikeError =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as FastifyLikeError).statusCode === 'number' &&
  typeof (error as FastifyLikeError).code === 'string' &&
  (error as FastifyLikeError).code!.startsWith('FST_') &&
  (error as FastifyLikeError).statusCode! >= 400 &&
  (error as FastifyLikeError).statusCode! < 500;

/**
 * Errors that mean a dependency (database, broker) is unreachable or restarting, not that the
 * request or the code is wrong: socket errors, and PostgreSQL's connection and shutdown codes.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

const UNAVAILABLE_MESSAGE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/i;

/** TypeORM's error when the connection under a transaction died; seen only during database outages. */
const UNAVAILABLE_NAMES = new Set(['QueryRunnerAlreadyReleasedError']);

export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const candidate = error as {
    code?: unknown;
    name?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
    message?: unknown;
  };
  if (typeof candidate.code === 'string' && UNAVAILABLE_CODES.has(candidate.code)) return true;
  if (typeof candidate.name === 'string' && UNAVAILABLE_NAMES.has(candidate.name)) return true;
  if (UNAVAILABLE_MESSAGE.test(String(candidate.message ?? ''))) return true;
  // Wrapped errors: TypeORM's driverError, an Error's cause, an AggregateError's attempts.
  const inner = [candidate.driverError, candidate.cause, ...(Array.isArray(candidate.errors) ? candidate.errors : [])];
  return inner.some((nested) => isDependencyUnavailable(nested, depth + 1));
}

function detailOf(exception: HttpException): string | undefined {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : undefined;
}

/**
 * Turns anything thrown while handling a request into problem details. Only 4xx errors keep
 * their message; a 5xx says nothing about its cause, so internals never reach the client.
 */
export function toProblem(exception: unknown, instance: string): ProblemDetails {
  if (exception instanceof ProblemException) return { ...exception.problem, instance };
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const detail = status < 500 ? detailOf(exception) : undefined;
    return { type: ProblemTypes.blank, title: statusTitle(status), status, ...(detail && { detail }), instance };
  }
  if (isFastifyClientError(exception)) {
    const detail = exception.message?.replace(/^FST_\w+: /, '');
    return {
      type: ProblemTypes.blank,
      title: statusTitle(exception.statusCode),
      status: exception.statusCode,
      detail,
      instance,
    };
  }
  if (isDependencyUnavailable(exception)) {
    const unavailable = HttpStatus.SERVICE_UNAVAILABLE;
    return {
      type: ProblemTypes.dependencyUnavailable,
      title: statusTitle(unavailable),
      status: unavailable,
      detail: 'A service this request needs is temporarily unavailable. Try again shortly.',
      instance,
    };
  }
  const status = HttpStatus.INTERNAL_SERVER_ERROR;
  return {
    type: ProblemTypes.blank,
    title: statusTitle(status),
    status,
    detail: 'The server could not complete the request. It has been logged.',
    instance,
  };
}
