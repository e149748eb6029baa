import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Ids a client may choose: short and printable, so they are safe to log and echo back. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps a caller's acceptable `x-request-id` (so ids span hops) and invents one otherwise. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && REQUEST_ID_PATTERN.test(value) ? value : randomUUID();
}

/** Set by the gateway: the public path prefix it removed before forwarding (`/api`). */
export const FORWARDED_PREFIX_HEADER = 'x-forwarded-prefix';

const PATH_PREFIX = /^(\/[A-Za-z0-9._~-]+)+$/;

/** The URL as the client called it: the gateway's removed prefix (if well-formed) + our URL. */
export function publicUrlOf(url: string, forwardedPrefix: string | string[] | undefined): string {
  const prefix = Array.isArray(forwardedPrefix) ? forwardedPrefix[0] : forwardedPrefix;
  return prefix !== undefined && PATH_PREFIX.test(prefix) ? prefix + url : url;
}
