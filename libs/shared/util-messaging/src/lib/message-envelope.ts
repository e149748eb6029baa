/** What a publisher sends: a named, identified payload. The name is also the routing key. */
export interface OutgoingMessage {
  messageId: string;
  type: string;
  payload: object;
  occurredAt: Date;
  headers?: Record<string, string>;
}

/** Metadata a handler gets next to the validated payload. */
export interface IncomingMessageMeta {
  messageId: string;
  type: string;
  redelivered: boolean;
  headers: Record<string, unknown>;
}
