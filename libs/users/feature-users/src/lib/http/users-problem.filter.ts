import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ProblemDetailsFilter } from '@platform/util-http';
import { UsersError } from '../users.errors';
import { usersProblemOf } from '../users.problems';

/** Renders the users domain errors as problems, through the app's one problem renderer. */
@Catch(UsersError)
export class UsersProblemFilter implements ExceptionFilter {
  private readonly problems = new ProblemDetailsFilter();

  catch(error: UsersError, host: ArgumentsHost): void {
    this.problems.catch(usersProblemOf(error), host);
  }
}
