import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { READINESS_INDICATORS, type ReadinessIndicator } from './readiness-indicator';

/** One run of an app's readiness checks: the verdict, and what each dependency said. */
export interface ReadinessReport {
  ready: boolean;
  /** Terminus's result: every check's details, and which are down. */
  result: HealthCheckResult;
  /** Names of the checks that are down (empty when ready). */
  down: string[];
}

/**
 * Runs the app's readiness indicators. The public `/health/ready` tells only the verdict; the
 * management server shows the whole report, which names dependencies, instances and counts that
 * are nobody's business outside the operators' network.
 */
@Injectable()
export class Readiness {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(READINESS_INDICATORS) private readonly indicators: ReadinessIndicator[],
  ) {}

  async check(): Promise<ReadinessReport> {
    try {
      const result = await this.health.check(this.indicators.map((indicator) => () => indicator.check()));
      return { ready: true, result, down: [] };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      return { ready: false, result, down: Object.keys(result.error ?? {}) };
    }
  }
}
