import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  handleWhenResult,
  SamplingBreaker,
  type CircuitBreakerPolicy,
  type IBreaker,
} from 'cockatiel';

export interface BreakerOptions {
  /** Consecutive failed requests that open the circuit. */
  consecutiveFailures: number;
  /** Share of failed requests over `windowMs` that opens it (0.5), once traffic reaches `minimumRps`. */
  failureRatio: number;
  windowMs: number;
  minimumRps: number;
  /** How long the circuit stays open before one trial request may pass (half-open). */
  halfOpenAfterMs: number;
}

export type CircuitStateName = 'closed' | 'open' | 'half_open' | 'isolated';

const STATE_NAMES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'isolated',
};

/** Opens when either breaker would: a run of failures, or a high failure ratio under load. */
class EitherBreaker implements IBreaker {
  constructor(private readonly breakers: IBreaker[]) {}

  get state(): unknown {
    return this.breakers.map((breaker) => breaker.state);
  }

  set state(value: unknown) {
    (value as unknown[]).forEach((state, i) => (this.breakers[i].state = state));
  }

  success(state: CircuitState): void {
    this.breakers.forEach((breaker) => breaker.success(state));
  }

  failure(state: CircuitState): boolean {
    return this.breakers.map((breaker) => breaker.failure(state)).some(Boolean);
  }
}

/** What a breaker-guarded call returns when the circuit did not let it run. */
export interface CircuitOpen {
  circuitOpen: true;
  retryAfterSeconds: number;
}

/**
 * The circuit breaker of one upstream (cockatiel). It watches whole client requests, after
 * failover between instances, so it opens only when the upstream as a whole fails, not when one
 * instance does (that is outlier ejection's job). While open it answers at once; after
 * `halfOpenAfterMs` one trial request passes, and its outcome closes or reopens the circuit.
 */
export class UpstreamBreaker<T extends { failed: boolean }> {
  private readonly policy: CircuitBreakerPolicy;
  private openedAt = 0;

  constructor(
    private readonly options: BreakerOptions,
    onStateChange: (state: CircuitStateName) => void = () => undefined,
  ) {
    this.policy = circuitBreaker(
      handleWhenResult((result) => (result as T).failed),
      {
        halfOpenAfter: options.halfOpenAfterMs,
        breaker: new EitherBreaker([
          new ConsecutiveBreaker(options.consecutiveFailures),
          new SamplingBreaker({
            threshold: options.failureRatio,
            duration: options.windowMs,
            minimumRps: options.minimumRps,
          }),
        ]),
      },
    );
    this.policy.onBreak(() => (this.openedAt = Date.now()));
    this.policy.onStateChange((state) => onStateChange(STATE_NAMES[state]));
  }

  get state(): CircuitStateName {
    return STATE_NAMES[this.policy.state];
  }

  /** Runs `call` unless the circuit is open. `call` reports failure in its result, never by throwing. */
  async run(call: () => Promise<T>): Promise<T | CircuitOpen> {
    try {
      return await this.policy.execute(call);
    } catch (error) {
      if (error instanceof BrokenCircuitError)
        return { circuitOpen: true, retryAfterSeconds: this.retryAfterSeconds() };
      throw error;
    }
  }

  /** Whole seconds until the next trial request may pass (at least 1). */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.openedAt + this.options.halfOpenAfterMs - Date.now()) / 1000));
  }
}
