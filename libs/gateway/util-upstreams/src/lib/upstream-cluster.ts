import type { Dispatcher } from 'undici';
import { LeastPendingPicker } from './least-pending-picker';
import { attemptFailureOf, FAILURE_STATUSES, mayRetry } from './retry-policy';
import type { RetryBudget } from './retry-budget';
import type { UpstreamBreaker } from './upstream-breaker';
import type { UpstreamInstance } from './upstream-instance';
import type { UpstreamResponse } from './upstream-response';

export interface SendOptions {
  method: Dispatcher.HttpMethod;
  path: string;
  headers?: Record<string, string | string[]>;
  body?: Buffer;
  /** Longest wait for response headers, for all attempts together; and between body chunks. */
  timeoutMs: number;
  /** Whether the request may be repeated on another instance (see isRepeatable). */
  repeatable: boolean;
  /** Aborts the request (the client went away). */
  signal?: AbortSignal;
}

/**
 * How a request to an upstream ended; `failed` is what the circuit breaker counts. `refused` is
 * a request the HTTP client would not send as given (the client's doing, answered 400): like an
 * aborted one, it says nothing about the upstream's health.
 */
export type SendResult =
  | { kind: 'response'; response: UpstreamResponse; instance: UpstreamInstance; failed: boolean }
  | { kind: 'error'; error: unknown; aborted: boolean; refused: boolean; failed: boolean }
  | { kind: 'unavailable'; reason: 'circuit_open' | 'no_instance'; retryAfterSeconds: number; failed: boolean };

/** What the cluster reports as it goes, for metrics and logs. */
export interface ClusterEvents {
  retry(upstream: string, allowed: boolean): void;
  ejected(instance: UpstreamInstance): void;
}

/**
 * The instances of one upstream and the policies between them: least-pending balancing,
 * failover of repeatable requests to a different instance within a retry budget, passive
 * outlier ejection, and the upstream's circuit breaker around the whole exchange.
 */
export class UpstreamCluster {
  private readonly picker = new LeastPendingPicker();

  constructor(
    readonly name: string,
    readonly instances: readonly UpstreamInstance[],
    private readonly budget: RetryBudget,
    readonly breaker: UpstreamBreaker<SendResult>,
    private readonly events: ClusterEvents,
  ) {}

  /** Resolves once response headers arrive (the body streams afterwards) or the request failed. */
  async send(options: SendOptions): Promise<SendResult> {
    this.budget.recordRequest();
    const result = await this.breaker.run(() => this.attempts(options));
    if ('circuitOpen' in result)
      return { kind: 'unavailable', reason: 'circuit_open', retryAfterSeconds: result.retryAfterSeconds, failed: true };
    return result;
  }

  /** The best instance right now, for requests that go around the cluster (JWKS, docs). */
  preferred(): UpstreamInstance | undefined {
    return this.picker.pick(this.instances);
  }

  private async attempts(options: SendOptions): Promise<SendResult> {
    const deadline = Date.now() + options.timeoutMs;
    let instance = this.picker.pick(this.instances);
    if (!instance) return this.noInstance();
    // Allocated only when a request fails over: most never do.
    let tried: Set<UpstreamInstance> | undefined;
    for (;;) {
      const result = await this.attempt(instance, options, deadline);
      const failure =
        result.kind === 'response'
          ? result.response.statusCode
          : result.kind === 'error' && result.failed
            ? attemptFailureOf(result.error)
            : undefined;
      if (failure === undefined || !mayRetry(failure, options.repeatable) || Date.now() >= deadline) return result;
      tried = (tried ?? new Set<UpstreamInstance>()).add(instance);
      const next = this.picker.pick(this.instances, tried);
      if (!next) return result;
      const allowed = this.budget.tryAcquire();
      this.events.retry(this.name, allowed);
      if (!allowed) return result;
      if (result.kind === 'response') await result.response.dump();
      instance = next;
    }
  }

  private async attempt(instance: UpstreamInstance, options: SendOptions, deadline: number): Promise<SendResult> {
    instance.pending += 1;
    let done = false;
    const finish = () => {
      if (!done) instance.pending -= 1;
      done = true;
    };
    try {
      const response = await instance.send({
        method: options.method,
        path: options.path,
        headers: options.headers,
        body: options.body,
        headersTimeoutMs: Math.max(1, deadline - Date.now()),
        bodyTimeoutMs: options.timeoutMs,
        signal: options.signal,
      });
      response.onDone(finish);
      const failed = FAILURE_STATUSES.has(response.statusCode);
      if (failed) this.recordFailure(instance);
      else instance.health.recordSuccess();
      return { kind: 'response', response, instance, failed };
    } catch (error) {
      finish();
      const aborted = options.signal?.aborted ?? false;
      const refused = !aborted && attemptFailureOf(error) === 'refused_locally';
      const failed = !aborted && !refused;
      if (failed) this.recordFailure(instance);
      return { kind: 'error', error, aborted, refused, failed };
    }
  }

  private recordFailure(instance: UpstreamInstance): void {
    if (instance.health.recordFailure()) this.events.ejected(instance);
  }

  private noInstance(): SendResult {
    const soonest = Math.min(...this.instances.map((instance) => instance.health.ejectedForMs));
    return {
      kind: 'unavailable',
      reason: 'no_instance',
      retryAfterSeconds: Math.max(1, Math.ceil(soonest / 1000)),
      failed: true,
    };
  }
}
