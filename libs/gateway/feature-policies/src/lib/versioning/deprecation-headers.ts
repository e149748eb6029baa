import type { RouteDeprecation } from '@platform/gateway-util-routing';

/**
 * Response headers that announce a deprecated route, computed once at start-up:
 * `Deprecation: @<epoch seconds>` (RFC 9745 structured-field date), `Sunset: <HTTP-date>`
 * (RFC 8594) and `Link` to the pages about them (rel="deprecation", rel="sunset").
 */
export function deprecationHeaders(deprecation: RouteDeprecation): Record<string, string> {
  const headers: Record<string, string> = { deprecation: `@${Math.floor(Date.parse(deprecation.since) / 1000)}` };
  if (deprecation.sunset) headers['sunset'] = new Date(Date.parse(deprecation.sunset)).toUTCString();
  const links = [
    deprecation.link && `<${deprecation.link}>; rel="deprecation"; type="text/html"`,
    deprecation.sunsetLink && `<${deprecation.sunsetLink}>; rel="sunset"; type="text/html"`,
  ].filter(Boolean);
  if (links.length > 0) headers['link'] = links.join(', ');
  return headers;
}
