import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { exchangeOf, IS_PUBLIC } from '@platform/util-http';
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../access-token';
import { bearerTokenOf } from '../bearer-token';
import { InvalidTokenError, KeysUnavailableError } from '../token-errors';
import type { CachingAccessTokenVerifier } from '../verify/caching-access-token-verifier';
import { keysUnavailableProblem, unauthenticatedProblem } from './auth-problems';
import { ACCESS_TOKEN_VERIFIER } from './bearer-auth.options';

type AuthenticatedRequest = FastifyRequest & { user?: Caller };

/**
 * Global guard: every route needs a valid access token unless marked @Public(). Failures become
 * problem+json (401 with a WWW-Authenticate challenge, or 503 when keys are unavailable) with a
 * generic detail; the precise reason is logged at debug, never sent. The verifier is the
 * gateway's: one verdict for every token, wherever it is presented.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  private readonly logger = new Logger('BearerAuth');

  constructor(
    private readonly reflector: Reflector,
    @Inject(ACCESS_TOKEN_VERIFIER) private readonly verifier: CachingAccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerTokenOf(request.headers.authorization);
    if (token === undefined) throw unauthenticatedProblem(false);
    try {
      request.user = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof KeysUnavailableError) {
        this.logger.warn(error.message);
        throw keysUnavailableProblem();
      }
      if (!(error instanceof InvalidTokenError)) throw error;
      this.logger.debug(`bearer token refused: ${error.message}`);
      throw unauthenticatedProblem(true);
    }
    // The request pipeline's end names the caller in the request's log line.
    const exchange = exchangeOf(request.raw);
    if (exchange) exchange.caller = request.user;
    return true;
  }
}
