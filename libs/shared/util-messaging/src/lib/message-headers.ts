import type { ConsumeMessage } from 'amqplib';

/** Headers the platform sets on messages it retries or parks; operators read them. */
export const MessageHeaders = {
  retryCount: 'x-retry-count',
  lastError: 'x-last-error',
  originalRoutingKey: 'x-original-routing-key',
  parkedReason: 'x-parked-reason',
  parkedAt: 'x-parked-at',
  parkedFrom: 'x-parked-from',
  replayedAt: 'x-replayed-at',
} as const;

/** How many times this message has been retried so far. */
export function retriesSoFar(message: ConsumeMessage): number {
  const value = Number(message.properties.headers?.[MessageHeaders.retryCount] ?? 0);
  return Number.isInteger(value) && value > 0 ? value : 0;
}

/** The routing key it was first published with (a retry comes back under the queue's name). */
export function originalRoutingKey(message: ConsumeMessage): string {
  return String(message.properties.headers?.[MessageHeaders.originalRoutingKey] ?? message.fields.routingKey);
}

/** The message's own properties, for publishing a copy of it elsewhere with extra headers. */
export function copyProperties(message: ConsumeMessage, headers: Record<string, unknown>) {
  const { properties } = message;
  return {
    persistent: true,
    contentType: properties.contentType,
    contentEncoding: properties.contentEncoding,
    messageId: properties.messageId,
    correlationId: properties.correlationId,
    type: properties.type,
    appId: properties.appId,
    timestamp: properties.timestamp,
    headers: { ...properties.headers, ...headers },
  };
}
