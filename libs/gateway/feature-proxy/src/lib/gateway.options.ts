import type { AccessTokenPolicy } from '@platform/util-auth';
import type { UpstreamName } from './routing/route-table';
import type { TrafficOptions } from './upstreams/traffic.options';

export interface GatewayOptions {
  /** Base URLs of each upstream's instances (`http://users-1:3001`), at least one. */
  upstreams: Record<UpstreamName, readonly string[]>;
  /** Default longest wait for an upstream's response headers and each body chunk. */
  timeoutMs: number;
  /** Longest wait to open a connection to an upstream. */
  connectTimeoutMs: number;
  /** Keep-alive connections per upstream instance. */
  connectionsPerUpstream: number;
  /** Largest request body forwarded; larger ones get 413. */
  bodyLimitBytes: number;
  /** What access tokens must satisfy on bearer routes (issuer, audience, clock skew). */
  accessTokenPolicy: AccessTokenPolicy;
  /** Proxies (addresses, CIDRs) whose X-Forwarded-For and X-Forwarded-Proto are believed. */
  trustedProxies: readonly string[];
  /** Browser origins allowed to call the API (CORS); none when empty. */
  corsOrigins: readonly string[];
  /** Health checks, outlier ejection, retry budget, circuit breaker, shutdown drain. */
  traffic: TrafficOptions;
}

export const GATEWAY_OPTIONS = Symbol('GATEWAY_OPTIONS');
