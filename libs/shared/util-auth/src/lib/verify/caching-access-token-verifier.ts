import type { AccessTokenPolicy, Caller } from '../access-token';
import type { PublicKeyResolver } from '../keys/public-key-resolver';
import { VerifiedTokenCache } from './verified-token-cache';
import { verifyAccessToken } from './verify-access-token';

/**
 * verifyAccessToken behind a VerifiedTokenCache, for hot paths (the gateway) that see the same
 * token on every request. Failures are not cached: a refused token is re-checked each time,
 * which costs a header decode, and does not fill the cache.
 */
export class CachingAccessTokenVerifier {
  constructor(
    private readonly keys: PublicKeyResolver,
    private readonly policy: AccessTokenPolicy,
    private readonly cache: VerifiedTokenCache = new VerifiedTokenCache(),
  ) {}

  /** The caller of a token verified before and not yet expired, without waiting for anything. */
  cached(token: string): Caller | undefined {
    return this.cache.get(token);
  }

  async verify(token: string): Promise<Caller> {
    const cached = this.cache.get(token);
    if (cached) return cached;
    const caller = await verifyAccessToken(token, this.keys, this.policy);
    this.cache.set(token, caller);
    return caller;
  }
}
