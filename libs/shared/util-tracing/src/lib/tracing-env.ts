import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type BatchSpanProcessorOptions,
  type Sampler,
} from '@opentelemetry/sdk-trace';

/**
 * The standard OTEL_* variables for sampling and batching, read as the OpenTelemetry spec defines
 * them. From OpenTelemetry 3 on, only `@opentelemetry/sdk-node` reads them; the trace SDK takes
 * them as options. (The OTLP exporter still reads OTEL_EXPORTER_OTLP_* itself.) An invalid value
 * is ignored with a warning, as the spec asks, so a typo there never stops a service.
 */
export interface TracingEnvSettings {
  sampler: Sampler;
  batch: Omit<BatchSpanProcessorOptions, 'exporter'>;
  /** One line per value that was ignored. */
  warnings: string[];
}

const BATCH_VARIABLES = {
  OTEL_BSP_SCHEDULE_DELAY: 'scheduledDelayMillis',
  OTEL_BSP_EXPORT_TIMEOUT: 'exportTimeoutMillis',
  OTEL_BSP_MAX_QUEUE_SIZE: 'maxQueueSize',
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: 'maxExportBatchSize',
} as const;

export function tracingEnvSettings(env: NodeJS.ProcessEnv): TracingEnvSettings {
  const warnings: string[] = [];
  const batch: TracingEnvSettings['batch'] = {};
  for (const [name, option] of Object.entries(BATCH_VARIABLES)) {
    const value = env[name]?.trim();
    if (!value) continue;
    if (/^\d+$/.test(value)) batch[option] = Number(value);
    else
      warnings.push(
        `${name}="${value}" is not a whole number of ${option.endsWith('Millis') ? 'milliseconds' : 'spans'}; using the default`,
      );
  }
  return { sampler: samplerFrom(env, warnings), batch, warnings };
}

function samplerFrom(env: NodeJS.ProcessEnv, warnings: string[]): Sampler {
  const name = env['OTEL_TRACES_SAMPLER']?.trim().toLowerCase() || 'parentbased_always_on';
  const ratio = () => {
    const arg = env['OTEL_TRACES_SAMPLER_ARG']?.trim();
    if (!arg) return 1;
    const value = Number(arg);
    if (Number.isFinite(value) && value >= 0 && value <= 1) return value;
    warnings.push(`OTEL_TRACES_SAMPLER_ARG="${arg}" is not a ratio from 0 to 1; using 1`);
    return 1;
  };
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio());
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio()) });
    default:
      warnings.push(`OTEL_TRACES_SAMPLER="${name}" is not a sampler this SDK knows; using parentbased_always_on`);
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}
