import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Caller } from '../access-token';

/**
 * The verified caller of the request, as BearerAuthGuard stored it. On a @Public() route there
 * is none: using it there is a programming error, answered 500 rather than a made-up caller.
 */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<{ user?: Caller }>().user;
  if (!caller) throw new Error('@CurrentCaller() on a route without a verified caller (is it @Public()?)');
  return caller;
});
