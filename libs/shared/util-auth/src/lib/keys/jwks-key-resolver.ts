import type { KeyObject } from 'node:crypto';
import { InvalidTokenError, KeysUnavailableError } from '../token-errors';
import type { PublicKeyResolver } from './public-key-resolver';
import { signingKeysFromJwks } from './signing-keys-from-jwks';

export interface JwksKeyResolverOptions {
  /**
   * Where auth publishes its public keys (`.../.well-known/jwks.json`), or a function asked
   * before each fetch (a gateway picking a healthy auth instance).
   */
  jwksUrl: string | (() => string);
  /** Longest wait for the JWKS; a request waiting on keys waits at most this long. */
  timeoutMs?: number;
  /** Least time between two fetches triggered by unknown kids, so random kids cannot flood auth. */
  refetchCooldownMs?: number;
  /** Age after which cached keys are refreshed in the background, so retired keys drop out. */
  maxAgeMs?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

/** Public keys from a JWKS URL, cached by kid, refetched on rotation within strict limits. */
export class JwksKeyResolver implements PublicKeyResolver {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = -Infinity;
  private attemptedAt = -Infinity;
  private lastFailure: Error | undefined;
  private inFlight: Promise<void> | undefined;
  private readonly timeoutMs: number;
  private readonly cooldownMs: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(private readonly options: JwksKeyResolverOptions) {
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.cooldownMs = options.refetchCooldownMs ?? 5_000;
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
  }

  async resolve(kid: string): Promise<KeyObject> {
    const cached = this.keys.get(kid);
    if (cached) {
      // Stale keys keep working while the refresh runs (or fails): an auth outage must not
      // log everybody out. The refresh replaces the set, so a key auth withdrew stops working.
      if (this.now() - this.fetchedAt >= this.maxAgeMs && this.mayFetch()) void this.refresh().catch(() => undefined);
      return cached;
    }
    if (this.inFlight) await this.inFlight.catch(() => undefined);
    else if (this.mayFetch()) await this.refresh().catch(() => undefined);
    const key = this.keys.get(kid);
    if (key) return key;
    if (this.lastFailure) {
      throw new KeysUnavailableError(`JWKS unavailable (${this.lastFailure.message}) and the kid is not cached`, { cause: this.lastFailure });
    }
    throw new InvalidTokenError('unknown kid');
  }

  private mayFetch(): boolean {
    return !this.inFlight && this.now() - this.attemptedAt >= this.cooldownMs;
  }

  /** One fetch at a time: concurrent callers share it. */
  private refresh(): Promise<void> {
    this.attemptedAt = this.now();
    this.inFlight = this.fetchKeys()
      .then((keys) => {
        this.keys = keys;
        this.fetchedAt = this.now();
        this.lastFailure = undefined;
      })
      .catch((error: unknown) => {
        this.lastFailure = error instanceof Error ? error : new Error(String(error));
        throw error;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  private async fetchKeys(): Promise<Map<string, KeyObject>> {
    const url = typeof this.options.jwksUrl === 'function' ? this.options.jwksUrl() : this.options.jwksUrl;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { accept: 'application/json' },
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      // fetch says only "fetch failed"; the socket error is in its cause.
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new Error(`GET ${url} failed: ${cause ?? (error as Error).message}`, { cause: error });
    }
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
    return signingKeysFromJwks(await response.json());
  }
}
