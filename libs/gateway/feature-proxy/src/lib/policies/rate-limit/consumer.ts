import type { Caller } from '@platform/util-auth';

/**
 * Whose budget a request spends: the token's subject on bearer routes, else the client address
 * (which believes X-Forwarded-For only from GATEWAY_TRUSTED_PROXIES).
 */
export function consumerOf(caller: Caller | undefined, clientAddress: () => string): string {
  return caller ? `sub:${caller.id}` : `ip:${clientAddress()}`;
}
