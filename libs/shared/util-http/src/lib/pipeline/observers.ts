import type { MetricsRegistry, RequestLine, RequestLog } from '@platform/util-observability';
import type { ExchangeObserver } from './request-pipeline';

/** The end of every exchange in the request log: one line (see RequestLog). */
export function writeRequestLine(requestLog: RequestLog): ExchangeObserver {
  return (exchange, status, latencyMs) => {
    const line: RequestLine = {
      requestId: exchange.requestId,
      method: exchange.method,
      route: exchange.route,
      status,
      latencyMs: Math.round(latencyMs * 10) / 10,
    };
    const spanContext = exchange.span?.spanContext();
    if (spanContext) {
      line.traceId = spanContext.traceId;
      line.spanId = spanContext.spanId;
    }
    if (exchange.caller) line.callerId = exchange.caller.id;
    requestLog.write(line);
  };
}

/** The end of every exchange in the request metrics, by route template (label values stay bounded). */
export function countRequest(metrics: MetricsRegistry): ExchangeObserver {
  return (exchange, status, latencyMs) =>
    metrics.observeRequest(exchange.method, exchange.route, status, latencyMs / 1000);
}
