import type { HealthIndicatorResult } from '@nestjs/terminus';

/** One dependency readiness depends on (database, broker, upstream); resolves down, never throws. */
export interface ReadinessIndicator {
  check(): Promise<HealthIndicatorResult>;
}

export const READINESS_INDICATORS = Symbol('READINESS_INDICATORS');
