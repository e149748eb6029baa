import type { AccessTokenPolicy } from '@platform/util-auth';
import type { UpstreamName } from './routing/route-table';

export interface GatewayOptions {
  /** Base URL of each upstream service (`http://users:3001`). */
  upstreams: Record<UpstreamName, string>;
  /** Default longest wait for an upstream's response headers and each body chunk. */
  timeoutMs: number;
  /** Longest wait to open a connection to an upstream. */
  connectTimeoutMs: number;
  /** Keep-alive connections per upstream. */
  connectionsPerUpstream: number;
  /** Largest request body forwarded; larger ones get 413. */
  bodyLimitBytes: number;
  /** What access tokens must satisfy on bearer routes (issuer, audience, clock skew). */
  accessTokenPolicy: AccessTokenPolicy;
}

export const GATEWAY_OPTIONS = Symbol('GATEWAY_OPTIONS');
