import type { OutgoingHttpHeaders } from 'node:http';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'X-Request-Id'];
const EXPOSED_HEADERS = ['ETag', 'Location', 'X-Request-Id', 'Retry-After', 'WWW-Authenticate'];
/** How long a browser may reuse a preflight's answer, in seconds. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for browser clients, on every answer of the app whoever writes it: only the configured
 * origins, never `*`, never credentials. With no origins configured it is off: no CORS headers,
 * OPTIONS goes on to the app's router (a 404), and browsers keep other sites out.
 *
 * Every answer varies by Origin and lists the headers clients may read; the origin is echoed
 * only when allowed. Every OPTIONS request is answered as a preflight (204), with or without the
 * preflight headers, rather than a 400 a browser could not explain. The header objects are
 * computed once and shared: callers copy them.
 */
export class CorsPolicy {
  readonly enabled: boolean;
  private readonly refused: Readonly<OutgoingHttpHeaders>;
  private readonly allowed: ReadonlyMap<string, Readonly<OutgoingHttpHeaders>>;
  /** What a preflight's 204 adds to the answer's CORS headers; undefined when CORS is off. */
  readonly preflightHeaders?: Readonly<OutgoingHttpHeaders>;

  constructor(origins: readonly string[]) {
    this.enabled = origins.length > 0;
    this.refused = Object.freeze({ vary: 'Origin', 'access-control-expose-headers': EXPOSED_HEADERS.join(', ') });
    this.allowed = new Map(
      origins.map((origin) => [origin, Object.freeze({ ...this.refused, 'access-control-allow-origin': origin })]),
    );
    if (this.enabled)
      this.preflightHeaders = Object.freeze({
        'access-control-allow-methods': METHODS.join(', '),
        'access-control-allow-headers': ALLOWED_HEADERS.join(', '),
        'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
      });
  }

  /** The CORS headers of an answer to a request from `origin`; undefined when CORS is off. */
  headersFor(origin: string | undefined): Readonly<OutgoingHttpHeaders> | undefined {
    if (!this.enabled) return undefined;
    return origin === undefined ? this.refused : (this.allowed.get(origin) ?? this.refused);
  }
}
