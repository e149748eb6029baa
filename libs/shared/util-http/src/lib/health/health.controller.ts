import { Controller, Get, HttpStatus } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../access/public.decorator';
import { ProblemTypes } from '../problem/problem-details';
import { ProblemException } from '../problem/problem.exception';
import { Readiness } from './readiness';

/**
 * The public port's health: liveness says the process answers (restart it if not); readiness
 * says its dependencies answer (send it traffic if so). Readiness gives the verdict only, a 503
 * problem "Not ready" without naming what is down: which dependency or instance failed is
 * internal topology, shown on the management port (see ManagementServer).
 */
@Public()
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<{ status: 'ok' }> {
    const report = await this.readiness.check();
    if (report.ready) return { status: 'ok' };
    throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, { type: ProblemTypes.notReady, detail: 'Not ready' });
  }
}
