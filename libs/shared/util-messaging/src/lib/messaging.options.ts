export interface MessagingOptions {
  /** amqp(s):// URL of the broker. */
  url: string;
  /** Durable topic exchange that carries the platform's domain events. */
  exchange: string;
  /** Service name, sent as the AMQP app id and shown in the broker's connection list. */
  serviceName: string;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
