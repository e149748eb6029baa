import { HttpStatus, NotFoundException } from '@nestjs/common';
import { ProblemException, ProblemTypes } from '@platform/util-http';
import { etagOf } from './http/etag';
import { UserEmailTakenError, UserNotFoundError, UsersError, UserVersionMismatchError } from './users.errors';

/**
 * The one mapping of the users domain errors to problems (RFC 9457), for both ways in: the HTTP
 * routes (UsersProblemFilter) and the commands (a problem reply keeps its status).
 */
export function usersProblemOf(error: UsersError): Error {
  if (error instanceof UserNotFoundError) return new NotFoundException(error.message);
  if (error instanceof UserVersionMismatchError)
    return new ProblemException(HttpStatus.PRECONDITION_FAILED, {
      type: ProblemTypes.preconditionFailed,
      detail: `The user has changed since you read it: If-Match was ${error.ifMatch}, the current ETag is ${etagOf(error.currentVersion)}. Read it again and retry.`,
    });
  if (error instanceof UserEmailTakenError)
    return new ProblemException(HttpStatus.CONFLICT, {
      type: ProblemTypes.conflict,
      detail: error.message,
      errors: [{ field: 'email', in: 'body', message: 'email is already taken' }],
    });
  return error;
}
