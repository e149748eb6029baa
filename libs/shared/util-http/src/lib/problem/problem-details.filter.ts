import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FORWARDED_PREFIX_HEADER, publicUrlOf } from '../app/request-id';
import { ProblemException } from './problem.exception';
import { sendProblem } from './send-problem';
import { toProblem } from './to-problem';

/** Renders every exception that reaches Nest as RFC 9457 problem+json; logs server errors. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = toProblem(exception, publicUrlOf(request.url, request.headers[FORWARDED_PREFIX_HEADER]));
    if (problem.status >= 500) this.log(request, problem.status, exception);
    if (exception instanceof ProblemException) reply.headers(exception.headers);
    sendProblem(reply, problem);
  }

  /** Unexpected errors with their stack; deliberate 5xx answers (not ready, outage) in one line. */
  private log(request: FastifyRequest, status: number, exception: unknown): void {
    const where = `${request.method} ${request.url} [${request.id}] ${status}`;
    if (status === 500) this.logger.error(`${where} failed`, (exception as Error)?.stack ?? String(exception));
    else this.logger.warn(`${where}: ${(exception as Error)?.message ?? String(exception)}`);
  }
}
