import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { AmqpConnection } from './amqp-connection';
import { MessagingStats } from './messaging-stats';

/** Ready when the connection to RabbitMQ is up; details carry the pipeline's counters. */
@Injectable()
export class MessagingReadiness {
  constructor(
    private readonly connection: AmqpConnection,
    private readonly stats: MessagingStats,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('broker');
    const details = { publisher: this.stats.publisher, consumers: this.stats.consumers };
    return this.connection.isConnected()
      ? indicator.up(details)
      : indicator.down({ message: 'not connected to RabbitMQ', ...details });
  }
}
