import { HttpException, HttpStatus } from '@nestjs/common';
import { ProblemTypes, statusTitle, type ProblemDetails } from './problem-details';
import { ProblemException } from './problem.exception';

/** Errors raised by Fastify itself (bad JSON, body too large, wrong content type) carry these. */
interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

const isFastifyClientError = (error: unknown): error is Required<Pick<FastifyLikeError, 'statusCode'>> & FastifyLikeError =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as FastifyLikeError).statusCode === 'number' &&
  typeof (error as FastifyLikeError).code === 'string' &&
  (error as FastifyLikeError).code!.startsWith('FST_') &&
  (error as FastifyLikeError).statusCode! >= 400 &&
  (error as FastifyLikeError).statusCode! < 500;

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
    return { type: ProblemTypes.blank, title: statusTitle(exception.statusCode), status: exception.statusCode, detail, instance };
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
