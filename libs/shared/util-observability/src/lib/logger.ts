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
  return spanContext && isSpanContextValid(spanContext)
    ? { traceId: spanContext.traceId, spanId: spanContext.spanId }
    : {};
}

export function loggerOptions(settings: LoggerSettings): LoggerOptions {
  return {
    level: LOG_LEVELS[settings.level],
    base: { service: settings.service },
    // Lines written while a span is active name it, so logs and traces lead to each other.
    mixin: traceFields,
    timestamp: cachedIsoTime(),
    redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    ...(settings.format === 'pretty' && {
      transport: {
        target: 'pino-pretty',
        options: {
          colorize: !process.env['NO_COLOR'],
          singleLine: true,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname,service',
        },
      },
    }),
  };
}

/** Longest a JSON log line waits in the buffer before it is written. */
export const LOG_FLUSH_INTERVAL_MS = 100;

/** Characters gathered before a batch of lines is written. */
const BATCH_CHARS = 16 * 1024;

/**
 * Log lines gathered in memory and handed to `out` in batches: when BATCH_CHARS have gathered,
 * when flush() is called (every LOG_FLUSH_INTERVAL_MS) and when the process exits. pino's own
 * destination, given each line, measures its whole pending buffer again on every write (a scan of
 * up to 16 KiB per line), which made the request line the largest cost of a proxied request after
 * the socket writes; here it sees one write per batch.
 */
export class BatchedLines implements pino.DestinationStream {
  private lines: string[] = [];
  private chars = 0;

  constructor(
    private readonly out: { write(chunk: string): unknown },
    private readonly batchChars = BATCH_CHARS,
  ) {}

  write(line: string): void {
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars >= this.batchChars) this.flush();
  }

  flush(): void {
    if (this.lines.length === 0) return;
    const batch = this.lines.join('');
    this.lines = [];
    this.chars = 0;
    this.out.write(batch);
  }
}

/**
 * Standard output for JSON lines, batched (BatchedLines). Each batch is written synchronously by
 * pino's destination (which retries when a pipe is full), so nothing is left behind on exit.
 */
function bufferedStdout(): pino.DestinationStream {
  const lines = new BatchedLines(pino.destination({ dest: 1, sync: true }));
  setInterval(() => lines.flush(), LOG_FLUSH_INTERVAL_MS).unref();
  process.once('exit', () => lines.flush());
  return lines;
}

/**
 * pino's ISO timestamp, formatted once per millisecond: a busy gateway writes several lines in
 * the same millisecond.
 */
export function cachedIsoTime(): () => string {
  let lastMs = 0;
  let field = '';
  return () => {
    const now = Date.now();
    if (now !== lastMs) {
      lastMs = now;
      field = `,"time":"${new Date(now).toISOString()}"`;
    }
    return field;
  };
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
