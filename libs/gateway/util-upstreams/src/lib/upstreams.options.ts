import type { UpstreamName } from '@platform/gateway-util-routing';
import type { TrafficOptions } from './traffic.options';

export interface UpstreamsOptions {
  /** Base URLs of each upstream's instances (`http://users-1:3001`), at least one. */
  upstreams: Record<UpstreamName, readonly string[]>;
  /** Default longest wait for an upstream's response headers and each body chunk. */
  timeoutMs: number;
  /** Longest wait to open a connection to an upstream. */
  connectTimeoutMs: number;
  /** Keep-alive connections per upstream instance. */
  connectionsPerUpstream: number;
  /** Health checks, outlier ejection, retry budget, circuit breaker. */
  traffic: TrafficOptions;
}

export const UPSTREAMS_OPTIONS = Symbol('UPSTREAMS_OPTIONS');
