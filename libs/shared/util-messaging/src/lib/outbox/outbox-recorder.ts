import { Injectable } from '@nestjs/common';
import { traceHeaders } from '@platform/util-tracing';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { OutboxMessageEntity } from './outbox-message.entity';

export interface RecordedEvent {
  type: string;
  aggregateId: string;
  payload: object;
  occurredAt: Date;
  headers?: Record<string, string>;
}

/**
 * Adds events to the outbox inside the caller's transaction (pass its EntityManager). The row
 * keeps the trace context of the request that caused it (`traceparent`), so the relay's publish,
 * however much later, joins that request's trace.
 */
@Injectable()
export class OutboxRecorder {
  async record(manager: EntityManager, event: RecordedEvent): Promise<void> {
    await manager.insert(OutboxMessageEntity, {
      messageId: randomUUID(),
      type: event.type,
      aggregateId: event.aggregateId,
      payload: event.payload,
      headers: { ...traceHeaders(), ...event.headers },
      occurredAt: event.occurredAt,
    });
  }
}
