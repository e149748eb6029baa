import { startTracing } from '@platform/util-tracing';

// Imported first by main.ts: instrumentation must be in place before http, undici and pg load.
startTracing({ serviceName: 'gateway' });
