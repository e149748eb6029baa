import { Injectable } from '@nestjs/common';
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

/** Adds events to the outbox inside the caller's transaction (pass its EntityManager). */
@Injectable()
export class OutboxRecorder {
  async record(manager: EntityManager, event: RecordedEvent): Promise<void> {
    await manager.insert(OutboxMessageEntity, {
      messageId: randomUUID(),
      type: event.type,
      aggregateId: event.aggregateId,
      payload: event.payload,
      headers: event.headers ?? {},
      occurredAt: event.occurredAt,
    });
  }
}
