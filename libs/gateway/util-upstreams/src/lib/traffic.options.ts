import type { HealthCheckOptions } from './health-checker';
import type { OutlierOptions } from './instance-health';
import type { RetryBudgetOptions } from './retry-budget';
import type { BreakerOptions } from './upstream-breaker';

/** How the gateway spreads load over an upstream's instances and protects them. */
export interface TrafficOptions {
  healthCheck: HealthCheckOptions;
  outlier: OutlierOptions;
  retryBudget: RetryBudgetOptions;
  breaker: BreakerOptions;
  /** Longest wait at shutdown for in-flight requests (and upstream connections) before they are cut. */
  shutdownDrainMs: number;
}
