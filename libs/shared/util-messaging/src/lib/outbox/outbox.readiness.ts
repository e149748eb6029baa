import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { OutboxRelay } from './outbox-relay';

/**
 * Reports the outbox backlog (events waiting, age of the oldest). Never "down" by itself: a
 * backlog means the broker is away or slow, which the broker check already says; the service
 * still accepts writes, and the relay catches up.
 */
@Injectable()
export class OutboxReadiness {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('outbox');
    try {
      return indicator.up({ ...(await this.relay.backlog()) });
    } catch (error) {
      return indicator.up({ backlog: `unknown: ${(error as Error).message}` });
    }
  }
}
