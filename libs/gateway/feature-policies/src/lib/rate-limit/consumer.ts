import type { ExchangeCaller } from '@platform/util-http';

/**
 * Whose budget a request spends: the token's subject on bearer routes, else the client address
 * (which believes X-Forwarded-For only from GATEWAY_TRUSTED_PROXIES).
 */
export function consumerOf(caller: ExchangeCaller | undefined, clientAddress: () => string): string {
  return caller ? `sub:${caller.id}` : `ip:${clientAddress()}`;
}
