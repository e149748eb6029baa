import { SamplingDecision, type Sampler } from '@opentelemetry/sdk-trace';
import { context, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { tracingEnvSettings } from './tracing-env';

const ROOT = context.active();
const decide = (sampler: Sampler, traceId = '0af7651916cd43dd8448eb211c80319c', parent = ROOT) =>
  sampler.shouldSample(parent, traceId, 'span', SpanKind.SERVER, {}, []).decision;
const sampledParent = trace.setSpanContext(ROOT, {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
});

describe('tracingEnvSettings', () => {
  it('samples every root span and follows the parent by default, with the SDK batch defaults', () => {
    const settings = tracingEnvSettings({});
    expect(settings.batch).toEqual({});
    expect(settings.warnings).toEqual([]);
    expect(decide(settings.sampler)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(settings.sampler.toString()).toContain('ParentBased');
  });

  it('reads the batch variables', () => {
    const settings = tracingEnvSettings({
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_BSP_EXPORT_TIMEOUT: '1000',
      OTEL_BSP_MAX_QUEUE_SIZE: '4096',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '256',
    });
    expect(settings.batch).toEqual({
      scheduledDelayMillis: 200,
      exportTimeoutMillis: 1000,
      maxQueueSize: 4096,
      maxExportBatchSize: 256,
    });
  });

  it('turns sampling off, even under a sampled parent, with always_off', () => {
    const { sampler } = tracingEnvSettings({ OTEL_TRACES_SAMPLER: 'always_off' });
    expect(decide(sampler)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(sampler, undefined, sampledParent)).toBe(SamplingDecision.NOT_RECORD);
  });

  it('follows a sampled parent but samples no root span with parentbased_always_off', () => {
    const { sampler } = tracingEnvSettings({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' });
    expect(decide(sampler)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(sampler, undefined, sampledParent)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('samples by trace id ratio', () => {
    const none = tracingEnvSettings({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' });
    const all = tracingEnvSettings({ OTEL_TRACES_SAMPLER: 'TraceIdRatio', OTEL_TRACES_SAMPLER_ARG: '1' });
    expect(decide(none.sampler)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(all.sampler)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('ignores invalid values with one warning each, as the spec asks', () => {
    const settings = tracingEnvSettings({
      OTEL_BSP_SCHEDULE_DELAY: '2s',
      OTEL_TRACES_SAMPLER: 'sometimes',
      OTEL_TRACES_SAMPLER_ARG: '2',
    });
    expect(settings.batch).toEqual({});
    expect(settings.warnings).toEqual([
      'OTEL_BSP_SCHEDULE_DELAY="2s" is not a whole number of milliseconds; using the default',
      'OTEL_TRACES_SAMPLER="sometimes" is not a sampler this SDK knows; using parentbased_always_on',
    ]);
    const ratio = tracingEnvSettings({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' });
    expect(ratio.warnings).toEqual(['OTEL_TRACES_SAMPLER_ARG="2" is not a ratio from 0 to 1; using 1']);
  });
});
