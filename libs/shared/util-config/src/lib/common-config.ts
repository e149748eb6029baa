import { bool, host, str } from 'envalid';
import { optionalUrlWithProtocol, resourceName, urlWithProtocol } from './validators';

/** Settings every app reads the same way. */
export const commonConfigSpec = {
  NODE_ENV: str({ choices: ['development', 'test', 'production'], default: 'development' }),
  LOG_LEVEL: str({ choices: ['error', 'warn', 'log', 'debug', 'verbose'] as const, default: 'log' }),
  LOG_FORMAT: str({
    choices: ['auto', 'json', 'pretty'] as const,
    default: 'auto',
    desc: 'auto: pretty when NODE_ENV=development, else JSON',
  }),
  HOST: host({ default: '0.0.0.0', desc: 'Interface the HTTP server binds to' }),
  MANAGEMENT_HOST: host({
    default: undefined,
    desc: 'Interface the management server (metrics, detailed health) binds to; HOST when unset',
  }),
  // Read by startTracing before config is loaded; validated here so a typo stops the app.
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrlWithProtocol(['http:', 'https:'])({
    default: '',
    desc: 'OTLP/HTTP base URL (spans go to <url>/v1/traces); empty: tracing off',
  }),
};

/** Settings of every app that talks to RabbitMQ. */
export const messagingConfigSpec = {
  RABBITMQ_URL: urlWithProtocol(['amqp:', 'amqps:'])({ default: 'amqp://guest:guest@127.0.0.1:5672' }),
  EVENTS_EXCHANGE: resourceName({ default: 'platform.events', desc: 'Durable topic exchange for domain events' }),
};

/** Whether each app serves its own Swagger UI at /docs (the gateway serves the merged one). */
export const docsConfigSpec = {
  DOCS_ENABLED: bool({ default: true }),
};
