import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';

/** Message headers as a broker client gives them: values may be strings, numbers, buffers. */
export type MessageHeaders = Record<string, unknown>;

const tracer = () => trace.getTracer('@platform/util-messaging');

const headerGetter: TextMapGetter<MessageHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    if (value === undefined || value === null) return undefined;
    return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  },
};

/**
 * The W3C trace context (`traceparent`, `tracestate`, `baggage`) of `ctx` (default: the active
 * one) as headers to store or send with a message. Empty when tracing is off or no span is active.
 */
export function traceHeaders(ctx: Context = context.active()): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(ctx, headers);
  return headers;
}

/** The trace context a message carries, as a parent for the work it causes; ROOT if none. */
export function contextFromHeaders(headers: MessageHeaders | undefined): Context {
  return headers ? propagation.extract(ROOT_CONTEXT, headers, headerGetter) : ROOT_CONTEXT;
}

export interface MessageSpanInfo {
  /** The routing key / message name (`users.user.created.v1`). */
  messageType: string;
  /** Exchange (publish) or queue (consume). */
  destination: string;
  messageId?: string;
}

function messagingAttributes(operation: 'send' | 'process', info: MessageSpanInfo): Attributes {
  return {
    'messaging.system': 'rabbitmq',
    'messaging.operation.type': operation,
    'messaging.destination.name': info.destination,
    'messaging.rabbitmq.destination.routing_key': info.messageType,
    ...(info.messageId && { 'messaging.message.id': info.messageId }),
  };
}

/**
 * Runs `publish` in a PRODUCER span whose parent is the trace context stored with the message
 * (`storedHeaders`, from when the outbox row was written), or the active context if it has none.
 * `publish` gets the headers to send: the stored ones with the producer span's context, so the
 * consumer continues from this span.
 */
export function withProducerSpan<T>(
  info: MessageSpanInfo,
  storedHeaders: MessageHeaders | undefined,
  publish: (headers: Record<string, unknown>) => Promise<T>,
): Promise<T> {
  const parent =
    storedHeaders && headerGetter.get(storedHeaders, 'traceparent')
      ? contextFromHeaders(storedHeaders)
      : context.active();
  return tracer().startActiveSpan(
    `publish ${info.messageType}`,
    { kind: SpanKind.PRODUCER, attributes: messagingAttributes('send', info) },
    parent,
    (span) => endAfter(span, () => publish({ ...storedHeaders, ...traceHeaders() })),
  );
}

/**
 * Runs a consumer's handling of one message in a CONSUMER span, a child of the producer's span
 * whose context the message carries, however long after publishing it runs (retries included:
 * their copies keep the headers). Without a context in the headers the span starts a new trace.
 */
export function withConsumerSpan<T>(
  info: MessageSpanInfo,
  headers: MessageHeaders | undefined,
  handle: () => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(
    `process ${info.messageType}`,
    { kind: SpanKind.CONSUMER, attributes: messagingAttributes('process', info) },
    contextFromHeaders(headers),
    (span) => endAfter(span, handle),
  );
}

/** Marks the active span failed (a handler error the caller handles, e.g. by retrying). */
export function recordFailure(error: unknown): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** Runs `work` outside any trace: background work a request merely woke up must not join it. */
export function outsideTraces<T>(work: () => T): T {
  return context.with(ROOT_CONTEXT, work);
}

async function endAfter<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
    throw error;
  } finally {
    span.end();
  }
}
