import type { AccessTokenPolicy, Caller } from '../access-token';
import type { PublicKeyResolver } from '../keys/public-key-resolver';
import { InvalidTokenError } from '../token-errors';
import { AccessRevocations } from './access-revocations';
import { VerifiedTokenCache } from './verified-token-cache';
import { verifyAccessToken } from './verify-access-token';

/**
 * verifyAccessToken behind a VerifiedTokenCache, for hot paths that see the same token on every
 * request, and in front of the deny-list, which is consulted on every call, cached or not.
 * Failures are not cached: a refused token is re-checked each time, which costs a header decode,
 * and does not fill the cache.
 */
export class CachingAccessTokenVerifier {
  constructor(
    private readonly keys: PublicKeyResolver,
    private readonly policy: AccessTokenPolicy,
    readonly revocations: AccessRevocations = new AccessRevocations(),
    private readonly cache: VerifiedTokenCache = new VerifiedTokenCache(),
  ) {}

  /**
   * The caller of a token verified before, not yet expired and not revoked, without waiting for
   * anything; undefined otherwise (verify() then gives the verdict).
   */
  cached(token: string): Caller | undefined {
    const caller = this.cache.get(token);
    return caller && !this.revocations.isRevoked(caller) ? caller : undefined;
  }

  async verify(token: string): Promise<Caller> {
    let caller = this.cache.get(token);
    if (!caller) {
      caller = await verifyAccessToken(token, this.keys, this.policy);
      this.cache.set(token, caller);
    }
    if (this.revocations.isRevoked(caller)) throw new InvalidTokenError('revoked');
    return caller;
  }
}
