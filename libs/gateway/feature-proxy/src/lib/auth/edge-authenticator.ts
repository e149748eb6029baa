import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  AccessRevocations,
  authProblemFor,
  bearerTokenOf,
  CachingAccessTokenVerifier,
  JwksKeyResolver,
  unauthenticatedProblem,
  type Caller,
} from '@platform/util-auth';
import { ProblemException } from '@platform/util-http';
import type { EdgeExchange } from '../edge/edge-exchange';
import { GATEWAY_OPTIONS, type GatewayOptions } from '../gateway.options';
import { Upstreams } from '../upstreams/upstreams';

/** Path of auth's JWKS on the auth upstream. */
export const JWKS_PATH = '/v1/auth/.well-known/jwks.json';

/**
 * Verifies bearer tokens at the edge with auth's public keys, before anything reaches a
 * service: a forged or expired token costs the gateway a signature check and the services
 * nothing. A verified token is remembered until it expires, so a client's next requests cost a
 * map lookup. The services verify again (defence in depth, and callers that bypass the gateway).
 */
@Injectable()
export class EdgeAuthenticator {
  private readonly verifier: CachingAccessTokenVerifier;

  constructor(
    @Inject(GATEWAY_OPTIONS) options: GatewayOptions,
    upstreams: Upstreams,
    @Optional() revocations?: AccessRevocations,
  ) {
    // Each fetch asks the balancer for the best auth instance right now, so keys keep coming
    // while one instance is down (a failed fetch is retried, on the next pick, after the cooldown).
    const auth = upstreams.get('auth');
    const jwksUrl = () => new URL(JWKS_PATH, (auth.preferred() ?? auth.instances[0]).url).toString();
    const keys = new JwksKeyResolver({ jwksUrl });
    this.verifier = new CachingAccessTokenVerifier(keys, options.accessTokenPolicy, revocations);
  }

  /**
   * The caller, or undefined after answering the request with a 401 (or 503) problem. A token
   * seen before answers synchronously, without a promise: this runs on every proxied request.
   */
  authenticate(exchange: EdgeExchange): Caller | undefined | Promise<Caller | undefined> {
    const token = bearerTokenOf(exchange.request.headers.authorization);
    if (token === undefined) return this.refuse(exchange, unauthenticatedProblem(false));
    const known = this.verifier.cached(token);
    if (known) return (exchange.caller = known);
    return this.verifier.verify(token).then(
      (caller) => (exchange.caller = caller),
      (error: unknown) => this.refuse(exchange, error),
    );
  }

  private refuse(exchange: EdgeExchange, error: unknown): undefined {
    const problem = error instanceof ProblemException ? error : authProblemFor(error);
    if (!(problem instanceof ProblemException)) throw error;
    exchange.fail(problem.problem, problem.headers);
    return undefined;
  }
}
