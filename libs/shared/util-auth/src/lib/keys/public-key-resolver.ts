import type { CryptoKey } from 'jose';
import type { KeyObject } from 'node:crypto';

/** Finds the public key that verifies a token, by the `kid` in its header. */
export interface PublicKeyResolver {
  /**
   * Rejects with InvalidTokenError when no such key exists, and with KeysUnavailableError
   * when the keys cannot be obtained right now.
   */
  resolve(kid: string): Promise<KeyObject | CryptoKey>;
}
