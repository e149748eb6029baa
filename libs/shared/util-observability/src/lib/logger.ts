import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type Logger, type LoggerOptions } from 'pino';

/** The platform's log levels (Nest's names) and the pino level each one maps to. */
export const LOG_LEVELS = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' } as const;
export type LogLevelName = keyof typeof LOG_LEVELS;

/**
 * Paths that must never reach a log line, whatever the code logs: credentials in headers,
 * passwords, hashes and tokens at any depth we put them (request bodies are never logged).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.passwordHash',
  '*.hash',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.secret',
  'password',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
];

export interface LoggerSettings {
  service: string;
  level: LogLevelName;
  /** One JSON object per line (production, tests, log shippers) or coloured lines for people. */
  format: 'json' | 'pretty';
}

/** The trace and span a line was written in, when tracing is on and a span is active. */
export function traceFields(): { traceId?: string; spanId?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? { traceId: spanContext.traceId, spanId: spanContext.spanId } : {};
}

export function loggerOptions(settings: LoggerSettings): LoggerOptions {
  return {
    level: LOG_LEVELS[settings.level],
    base: { service: settings.service },
    // Lines written while a span is active name it, so logs and traces lead to each other.
    mixin: traceFields,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    ...(settings.format === 'pretty' && {
      transport: { target: 'pino-pretty', options: { colorize: !process.env['NO_COLOR'], singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' } },
    }),
  };
}

/** Longest a JSON log line waits in the buffer before it is written. */
export const LOG_FLUSH_INTERVAL_MS = 100;

/**
 * Standard output for JSON lines, buffered: pino's default writes each line with its own
 * synchronous syscall, which was the largest single cost of a proxied request in the gateway's
 * profile. Lines are written when 4 KiB have gathered or every LOG_FLUSH_INTERVAL_MS, and pino
 * flushes what is left when the process exits.
 */
function bufferedStdout(): pino.DestinationStream {
  const stdout = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => stdout.flush(), LOG_FLUSH_INTERVAL_MS).unref();
  return stdout;
}

/** The app's one pino logger: Fastify writes request lines with it, Nest everything else. */
export function createLogger(settings: LoggerSettings, destination?: pino.DestinationStream): Logger {
  if (destination) return pino(loggerOptions({ ...settings, format: 'json' }), destination);
  return settings.format === 'json' ? pino(loggerOptions(settings), bufferedStdout()) : pino(loggerOptions(settings));
}

/** `auto`: coloured lines while developing, JSON everywhere else (tests, CI, containers). */
export function resolveLogFormat(format: 'auto' | 'json' | 'pretty', nodeEnv: string): 'json' | 'pretty' {
  if (format !== 'auto') return format;
  return nodeEnv === 'development' ? 'pretty' : 'json';
}
