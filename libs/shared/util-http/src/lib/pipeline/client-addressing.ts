import proxyAddr from '@fastify/proxy-addr';
import type { IncomingMessage } from 'node:http';

/** The last of a repeated header's comma-separated values (the one the nearest proxy added). */
function lastValue(header: string): string {
  const comma = header.lastIndexOf(',');
  return (comma === -1 ? header : header.slice(comma + 1)).trim();
}

/**
 * Who a request comes from, over what protocol and to what host, believing X-Forwarded-For,
 * -Proto and -Host only from the trusted proxies (addresses, CIDRs). The request pipeline decides
 * it once per request, for every route; Fastify's `request.ip` is configured from the same list
 * (the same proxy-addr library). On the gateway, it is what the upstreams are told: the gateway
 * sets their X-Forwarded-* itself.
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
    if (typeof forwarded === 'string' && this.fromTrustedProxy(request)) return lastValue(forwarded);
    return (request.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  }

  /** The host the client asked for: a trusted proxy's X-Forwarded-Host, else the Host header. */
  hostOf(request: IncomingMessage): string | undefined {
    const forwarded = request.headers['x-forwarded-host'];
    if (typeof forwarded === 'string' && this.fromTrustedProxy(request)) return lastValue(forwarded);
    return request.headers.host;
  }

  private fromTrustedProxy(request: IncomingMessage): boolean {
    const peer = request.socket.remoteAddress;
    return this.trust !== undefined && peer !== undefined && this.trust(peer, 0);
  }
}
