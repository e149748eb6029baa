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
import { ProblemException, type Exchange } from '@platform/util-http';
import { Upstreams } from '@platform/gateway-util-upstreams';
import { GATEWAY_POLICY_OPTIONS, type GatewayPolicyOptions } from '../gateway-policies.options';
import { AuthFailureLimiter } from '../rate-limit/auth-failure-limiter';

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
    @Inject(GATEWAY_POLICY_OPTIONS) options: GatewayPolicyOptions,
    upstreams: Upstreams,
    private readonly failures: AuthFailureLimiter,
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
   * True once the caller is known; false once answered: 401, or 429 for an address with too many
   * failed authentications (refused before its token costs a verification). The check is a map
   * lookup and a known token answers synchronously: a good request pays no round trip for either.
   */
  admit(exchange: Exchange): boolean | Promise<boolean> {
    const address = exchange.clientAddress;
    const wait = this.failures.retryAfterSeconds(address);
    if (wait > 0) {
      exchange.fail(this.failures.problem(wait), { 'retry-after': String(wait) });
      return false;
    }
    const found = this.authenticate(exchange);
    if (found instanceof Promise)
      return found.then((caller) => caller !== undefined || this.refused(exchange, address));
    return found !== undefined || this.refused(exchange, address);
  }

  /** After a refusal: a token presented and refused (401) counts against the address; a 503 (no keys) does not. */
  private async refused(exchange: Exchange, address: string): Promise<false> {
    // A request without credentials guessed nothing: it gets its 401 without counting.
    if (exchange.response.statusCode === 401 && exchange.request.headers.authorization !== undefined)
      await this.failures.recordFailure(address);
    return false;
  }

  /**
   * The caller, or undefined after answering the request with a 401 (or 503) problem. A token
   * seen before answers synchronously, without a promise: this runs on every proxied request.
   */
  authenticate(exchange: Exchange): Caller | undefined | Promise<Caller | undefined> {
    const token = bearerTokenOf(exchange.request.headers.authorization);
    if (token === undefined) return this.refuse(exchange, unauthenticatedProblem(false));
    const known = this.verifier.cached(token);
    if (known) return (exchange.caller = known);
    return this.verifier.verify(token).then(
      (caller) => (exchange.caller = caller),
      (error: unknown) => this.refuse(exchange, error),
    );
  }

  private refuse(exchange: Exchange, error: unknown): undefined {
    const problem = error instanceof ProblemException ? error : authProblemFor(error);
    if (!(problem instanceof ProblemException)) throw error;
    exchange.fail(problem.problem, problem.headers);
    return undefined;
  }
}
