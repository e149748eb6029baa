import type { Caller } from '@platform/util-auth';
import type { FastifyRequest } from 'fastify';

/**
 * Whose budget a request spends: the token's subject on bearer routes, else the client address
 * (`request.ip`, which believes X-Forwarded-For only from GATEWAY_TRUSTED_PROXIES).
 */
export function consumerOf(request: FastifyRequest, caller: Caller | undefined): string {
  return caller ? `sub:${caller.id}` : `ip:${request.ip}`;
}
