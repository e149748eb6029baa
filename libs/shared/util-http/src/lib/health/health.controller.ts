import { Controller, Get, HttpStatus, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { Public } from '../access/public.decorator';
import { ProblemTypes } from '../problem/problem-details';
import { ProblemException } from '../problem/problem.exception';
import { READINESS_INDICATORS, type ReadinessIndicator } from './readiness-indicator';

/**
 * Liveness says the process answers (restart it if not); readiness says its dependencies
 * answer (send it traffic if so). A not-ready answer is a 503 problem naming what is down.
 */
@Public()
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(READINESS_INDICATORS) private readonly indicators: ReadinessIndicator[],
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check(this.indicators.map((indicator) => () => indicator.check()));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const down = Object.keys(result.error ?? {});
      throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, {
        type: ProblemTypes.notReady,
        detail: `Not ready: ${down.join(', ')} down`,
        checks: result.details,
      });
    }
  }
}
