import { createRemoteJWKSet, customFetch, errors, type CryptoKey } from 'jose';
import type { KeyObject } from 'node:crypto';
import { ACCESS_TOKEN_ALGORITHMS } from '../access-token';
import { InvalidTokenError, KeysUnavailableError } from '../token-errors';
import type { PublicKeyResolver } from './public-key-resolver';

export interface JwksKeyResolverOptions {
  /**
   * Where auth publishes its public keys (`.../.well-known/jwks.json`), or a function asked
   * before each fetch (a gateway picking a healthy auth instance).
   */
  jwksUrl: string | (() => string);
  /** Longest wait for the JWKS; a request waiting on keys waits at most this long. */
  timeoutMs?: number;
  /** Least time between two fetches (after a fetch, or a failed one), so random kids cannot flood auth. */
  refetchCooldownMs?: number;
  /** Age after which cached keys are refreshed in the background, so retired keys drop out. */
  maxAgeMs?: number;
}

/** What a key in the set looks like to a lookup: only ES256 keys are ever asked for. */
const LOOKUP_ALGORITHM = ACCESS_TOKEN_ALGORITHMS[0];

function isKeySet(body: string): boolean {
  try {
    return Array.isArray((JSON.parse(body) as { keys?: unknown } | null)?.keys);
  } catch {
    return false;
  }
}

/**
 * A kid that matches no usable key, or a published key that cannot be imported (WebCrypto's
 * DataError): the token cannot be verified, whatever it is. Everything else (a failed fetch,
 * a timeout) means the keys cannot be had right now.
 */
const NOT_A_KEY = [
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
  errors.JOSENotSupported,
  errors.JWKInvalid,
];
const isNotAKey = (error: unknown) =>
  NOT_A_KEY.some((type) => error instanceof type) || (error instanceof DOMException && error.name === 'DataError');

/**
 * Public keys from a JWKS URL: jose's remote key set (fetching, caching, key selection by kid,
 * alg, kty, crv and use, one fetch shared by concurrent callers, refetch on an unknown kid at most
 * once per cooldown), with two rules of ours on top. Cached keys never go stale on their own: an
 * auth outage must not log everybody out, so they are refreshed in the background after
 * `maxAgeMs` and keep working while that fails. And a failed fetch is not retried before the
 * cooldown, so a flood of unknown kids during an outage does not become a flood of fetches.
 */
export class JwksKeyResolver implements PublicKeyResolver {
  private readonly keySet: ReturnType<typeof createRemoteJWKSet>;
  private readonly cooldownMs: number;
  private readonly maxAgeMs: number;
  private refreshDueAt = -Infinity;
  private failedAt = -Infinity;
  private lastFailure: string | undefined;

  constructor(options: JwksKeyResolverOptions) {
    const urlOf = typeof options.jwksUrl === 'function' ? options.jwksUrl : () => options.jwksUrl as string;
    this.cooldownMs = options.refetchCooldownMs ?? 5_000;
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    // jose wants a URL up front; a URL function is asked on each fetch instead (customFetch).
    const fixedUrl = typeof options.jwksUrl === 'string' ? options.jwksUrl : 'http://jwks.invalid/';
    this.keySet = createRemoteJWKSet(new URL(fixedUrl), {
      timeoutDuration: options.timeoutMs ?? 2_000,
      cooldownDuration: this.cooldownMs,
      cacheMaxAge: Infinity,
      [customFetch]: (_url: string, init: RequestInit) => this.fetchKeys(urlOf(), init),
    });
  }

  async resolve(kid: string): Promise<KeyObject | CryptoKey> {
    if (Date.now() >= this.refreshDueAt && this.keySet.jwks() && !this.keySet.reloading)
      void this.keySet.reload().catch(() => undefined);
    try {
      return await this.keySet({ alg: LOOKUP_ALGORITHM, kid });
    } catch (error) {
      if (isNotAKey(error)) throw new InvalidTokenError('unknown kid');
      const reason = this.lastFailure ?? (error as Error)?.message ?? String(error);
      throw new KeysUnavailableError(`JWKS unavailable (${reason}) and the kid is not cached`, { cause: error });
    }
  }

  private async fetchKeys(url: string, init: RequestInit): Promise<Response> {
    const now = Date.now();
    if (now - this.failedAt < this.cooldownMs) throw new Error(`waiting out the cooldown after: ${this.lastFailure}`);
    // Until the answer is in, no background refresh starts another fetch.
    this.refreshDueAt = now + this.cooldownMs;
    try {
      const response = await fetch(url, { ...init, redirect: 'error' });
      if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
      // Read here, so that a body that is no key set counts as a failed fetch (cooldown) too.
      const body = await response.text();
      if (!isKeySet(body)) throw new Error(`GET ${url} answered no JWKS`);
      this.refreshDueAt = Date.now() + this.maxAgeMs;
      this.lastFailure = undefined;
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    } catch (error) {
      this.failedAt = Date.now();
      // fetch says only "fetch failed"; the socket error is in its cause.
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      this.lastFailure = cause ? `GET ${url} failed: ${cause}` : (error as Error).message;
      throw error;
    }
  }
}
