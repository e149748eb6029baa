import proxyAddr from '@fastify/proxy-addr';
import type { IncomingMessage } from 'node:http';

/** The last of a repeated header's comma-separated values (the one the nearest proxy added). */
function lastValue(header: string): string {
  const comma = header.lastIndexOf(',');
  return (comma === -1 ? header : header.slice(comma + 1)).trim();
}

/**
 * Who a request comes from and over what protocol, believing X-Forwarded-For and
 * X-Forwarded-Proto only from the trusted proxies (addresses, CIDRs), exactly as Fastify's
 * trustProxy does for the gateway's other routes (the same proxy-addr library).
 */
export class ClientAddressing {
  private readonly trust?: (address: string, hop: number) => boolean;

  constructor(trustedProxies: readonly string[]) {
    if (trustedProxies.length > 0) this.trust = proxyAddr.compile([...trustedProxies]);
  }

  readonly addressOf = (request: IncomingMessage): string => {
    return this.trust ? proxyAddr(request, this.trust) : (request.socket.remoteAddress ?? '');
  };

  protocolOf(request: IncomingMessage): string {
    const forwarded = request.headers['x-forwarded-proto'];
    const peer = request.socket.remoteAddress;
    if (typeof forwarded === 'string' && this.trust && peer !== undefined && this.trust(peer, 0)) return lastValue(forwarded);
    return (request.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  }
}
