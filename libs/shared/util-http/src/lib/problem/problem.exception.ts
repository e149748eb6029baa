import { HttpException } from '@nestjs/common';
import { ProblemTypes, statusTitle, type ProblemDetails } from './problem-details';

type ProblemInit = Partial<ProblemDetails> & { detail: string };

/**
 * An HTTP error that already knows its problem type and extension members. Services throw it
 * (or a Nest HttpException, which maps to `about:blank`); the filter renders it as is, with
 * `headers` the status calls for (`WWW-Authenticate` on 401, `Retry-After` on 429).
 */
export class ProblemException extends HttpException {
  readonly problem: ProblemDetails;

  constructor(
    status: number,
    init: ProblemInit,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(init.detail, status);
    this.problem = { type: ProblemTypes.blank, title: statusTitle(status), ...init, status };
  }
}
