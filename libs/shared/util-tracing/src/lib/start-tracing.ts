import { context, diag, DiagConsoleLogger, DiagLogLevel, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { IncomingMessage } from 'node:http';
import { tracingEnvSettings } from './tracing-env';

export interface TracingOptions {
  /** `service.name` of every span this process exports. */
  serviceName: string;
  /** Where to export; defaults to the environment (OTEL_EXPORTER_OTLP_ENDPOINT). */
  env?: NodeJS.ProcessEnv;
}

/** Probes and scrapes: frequent, uninteresting, and they would bury the real traces. */
const UNTRACED_PATHS = /^\/(health|metrics)(\/|\?|$)/;

let provider: TracerProvider | undefined;

/** Whether this process exports spans (startTracing found an endpoint). */
export function tracingEnabled(): boolean {
  return provider !== undefined;
}

/**
 * Starts OpenTelemetry tracing when OTEL_EXPORTER_OTLP_ENDPOINT (or the traces-only variant) is
 * set; otherwise does nothing at all, so the API stays a no-op and tracing costs nearly nothing.
 * Must run before the modules it instruments (http, undici, pg) are loaded: the first import of
 * each app's main.ts. Spans go out in batches over OTLP/HTTP (JSON); W3C trace context is the
 * propagation format. Database and outgoing HTTP spans are only made inside a trace, so timers
 * (the outbox relay's polling, readiness checks) do not start traces of their own.
 */
export function startTracing(options: TracingOptions): boolean {
  const env = options.env ?? process.env;
  const url = tracesUrl(env);
  if (provider || !url || env['OTEL_SDK_DISABLED'] === 'true') return tracingEnabled();
  const logLevel = env['OTEL_LOG_LEVEL']?.toUpperCase() as keyof typeof DiagLogLevel | undefined;
  if (logLevel && DiagLogLevel[logLevel] !== undefined) diag.setLogger(new DiagConsoleLogger(), DiagLogLevel[logLevel]);

  const { sampler, batch, warnings } = tracingEnvSettings(env);
  // Before the logger exists: one plain line each on stderr, whatever OTEL_LOG_LEVEL says.
  for (const warning of warnings) console.warn(`tracing: ${warning}`);
  provider = new TracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': options.serviceName })),
    sampler,
    // Headers, timeout and compression come from OTEL_EXPORTER_OTLP_* (the exporter reads them);
    // sampling and batching from OTEL_TRACES_SAMPLER* and OTEL_BSP_* (tracingEnvSettings).
    spanProcessors: [new BatchSpanProcessor({ ...batch, exporter: new OTLPTraceExporter({ url }) })],
  });
  registerTracerProvider(provider);
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) => UNTRACED_PATHS.test(request.url ?? ''),
        // Outgoing calls go through undici (instrumented below); node:http only carries the exports.
        disableOutgoingRequestInstrumentation: true,
      }),
      new UndiciInstrumentation({ requireParentforSpans: true }),
      new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
    ],
  });
  return true;
}

/**
 * Makes `provider` the process's tracer provider, with an AsyncLocalStorage context manager and
 * the W3C trace-context and baggage propagators: what NodeTracerProvider.register() did before
 * OpenTelemetry 3 folded the Node provider into the plain one and left these to the caller.
 */
export function registerTracerProvider(provider: TracerProvider): void {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  trace.setGlobalTracerProvider(provider);
}

/** The traces URL, as the OTLP spec derives it: a signal-specific URL as is, a base + /v1/traces. */
function tracesUrl(env: NodeJS.ProcessEnv): string | undefined {
  const tracesEndpoint = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];
  if (tracesEndpoint) return tracesEndpoint;
  const endpoint = env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  return endpoint ? `${endpoint.replace(/\/+$/, '')}/v1/traces` : undefined;
}

/**
 * Exports the spans still buffered and stops tracing, waiting at most `timeoutMs` (a collector
 * that is down must not hold up the shutdown). Safe to call when tracing never started.
 */
export async function shutdownTracing(timeoutMs = 2_000): Promise<void> {
  const current = provider;
  if (!current) return;
  provider = undefined;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  await Promise.race([current.shutdown().catch(() => undefined), deadline]);
  clearTimeout(timer);
}
