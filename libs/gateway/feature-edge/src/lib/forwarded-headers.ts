import { API_SECURITY_HEADERS, REQUEST_ID_HEADER, staticSecurityHeaders } from '@platform/util-http';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** Connection-specific headers (RFC 9110 §7.6.1) that a proxy must not pass on. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Also recomputed per hop: the pool sets Host and the length of the body it sends; the tracing
 * instrumentation adds the gateway's own trace context (a copy of the client's would make two).
 * Expect is the client's handshake with the gateway, which has already answered it (Node sends
 * 100 Continue) and read the whole body; the HTTP client refuses to send it on.
 */
const NOT_FORWARDED_UPSTREAM = new Set([
  ...HOP_BY_HOP,
  'host',
  'content-length',
  'expect',
  'traceparent',
  'tracestate',
  'baggage',
]);

export interface ForwardingContext {
  requestId: string;
  /** The client's address as the gateway determined it (see ClientAddressing). */
  clientAddress: string;
  /** The client's protocol and the host it asked for, determined the same way. */
  protocol: string;
  host: string | undefined;
  /** Public prefix the route removed (`/api`), so upstreams can name public URLs. */
  prefix: string | undefined;
}

/**
 * Request headers for the upstream: end-to-end ones, plus request id and X-Forwarded-*. The
 * gateway owns X-Forwarded-*: whatever the client sent is dropped and replaced by what the
 * gateway determined (a trusted proxy's word already counted there). The services trust these
 * headers from the gateway alone, so a client cannot name itself another address by sending one.
 */
export function upstreamRequestHeaders(
  incoming: IncomingHttpHeaders,
  context: ForwardingContext,
): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  const connectionOptions = listedInConnection(incoming.connection);
  for (const name in incoming) {
    const value = incoming[name];
    if (value === undefined || NOT_FORWARDED_UPSTREAM.has(name) || name.startsWith('x-forwarded-')) continue;
    if (connectionOptions?.has(name)) continue;
    headers[name] = value;
  }
  headers['x-request-id'] = context.requestId;
  headers['x-forwarded-for'] = context.clientAddress;
  headers['x-forwarded-proto'] = context.protocol;
  if (context.host) headers['x-forwarded-host'] = context.host;
  if (context.prefix) headers['x-forwarded-prefix'] = context.prefix;
  return headers;
}

/**
 * Headers the client named in Connection are hop-by-hop too (RFC 9110 §7.6.1): a client must not
 * be able to pass `Connection: close, Authorization` and strip a header the gateway adds. Only
 * computed when Connection names more than the usual keep-alive or close.
 */
function listedInConnection(connection: string | undefined): Set<string> | undefined {
  if (connection === undefined || connection === 'keep-alive' || connection === 'close') return undefined;
  return new Set(
    connection
      .toLowerCase()
      .split(',')
      .map((token) => token.trim()),
  );
}

/**
 * Response headers the gateway sets itself on every response: its security headers (the edge's
 * policy wins over a service's, whose helmet set is meant for its own pages), the request id (the
 * same one), and Date (Node's own). Not copying the upstream's saves setting and validating a
 * dozen headers twice per request.
 */
const SET_BY_THE_GATEWAY = new Set([
  ...Object.keys(staticSecurityHeaders()),
  ...Object.keys(API_SECURITY_HEADERS),
  REQUEST_ID_HEADER,
  'date',
]);

/**
 * Response headers for the client: the upstream's end-to-end ones, Location made public (left out
 * when `publicLocation` has no public form for it: an internal path must not reach the client).
 */
export function clientResponseHeaders(
  upstream: IncomingHttpHeaders,
  publicLocation: (location: string) => string | undefined,
): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const name in upstream) {
    const value = upstream[name];
    if (value !== undefined && !HOP_BY_HOP.has(name) && !SET_BY_THE_GATEWAY.has(name)) headers[name] = value;
  }
  const location = upstream['location'];
  if (typeof location === 'string') {
    const mapped = publicLocation(location);
    if (mapped === undefined) delete headers['location'];
    else headers['location'] = mapped;
  }
  return headers;
}
