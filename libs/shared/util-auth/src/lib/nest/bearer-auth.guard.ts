import { Injectable, Logger, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC } from '@platform/util-http';
import { CALLER_ID } from '@platform/util-observability';
import type { FastifyRequest } from 'fastify';
import { ExtractJwt } from 'passport-jwt';
import type { Caller } from '../access-token';
import { InvalidTokenError, KeysUnavailableError } from '../token-errors';
import { asInvalidToken } from '../verify/verify-access-token';
import { keysUnavailableProblem, unauthenticatedProblem } from './auth-problems';
import { BEARER_JWT_STRATEGY } from './bearer-auth.options';

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

type AuthenticatedRequest = FastifyRequest & { user?: Caller };

/**
 * Global guard: every route needs a valid access token unless marked @Public(). Failures become
 * problem+json (401 with a WWW-Authenticate challenge, or 503 when keys are unavailable) with a
 * generic detail; the precise reason is logged at debug, never sent.
 */
@Injectable()
export class BearerAuthGuard extends AuthGuard(BEARER_JWT_STRATEGY) {
  private readonly logger = new Logger('BearerAuth');

  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!bearerToken(request)) throw unauthenticatedProblem(false);
    await super.canActivate(context);
    // Read by the request logger, so each request line names its caller.
    (request as unknown as Record<symbol, unknown>)[CALLER_ID] = request.user?.id;
    return true;
  }

  /** passport's verdict: `error` thrown by validate(), `info` from the key lookup or jsonwebtoken. */
  override handleRequest<TUser = Caller>(error: unknown, user: TUser | false, info: unknown): TUser {
    if (!error && user) return user;
    const reason = asInvalidToken(error ?? info);
    if (reason instanceof KeysUnavailableError) {
      this.logger.warn(reason.message);
      throw keysUnavailableProblem();
    }
    // What passport-jwt reports as a failure is always about the token; only an unexpected
    // error thrown by validate() is a bug, left to become a logged 500.
    if (error && !(reason instanceof InvalidTokenError)) throw error;
    this.logger.debug(`bearer token refused: ${reason instanceof Error ? reason.message : 'no reason given'}`);
    throw unauthenticatedProblem(true);
  }
}
