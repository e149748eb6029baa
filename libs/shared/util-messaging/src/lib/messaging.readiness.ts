import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { AmqpConnection } from './amqp-connection';

/** Ready when the connection to RabbitMQ is up. */
@Injectable()
export class MessagingReadiness {
  constructor(
    private readonly connection: AmqpConnection,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('broker');
    return this.connection.isConnected() ? indicator.up() : indicator.down({ message: 'not connected to RabbitMQ' });
  }
}
