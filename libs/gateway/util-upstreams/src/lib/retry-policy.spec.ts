import { attemptFailureOf, isRepeatable, mayRetry } from './retry-policy';

const withCode = (code: string, cause?: string) =>
  Object.assign(new Error('x'), { code, ...(cause && { cause: { code: cause } }) });

describe('retry policy', () => {
  it('repeats GET and HEAD, and PUT or DELETE only with If-Match', () => {
    expect(['GET', 'HEAD'].map((method) => isRepeatable(method, {}))).toEqual([true, true]);
    expect(['PUT', 'DELETE', 'POST', 'PATCH'].map((method) => isRepeatable(method, {}))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(['PUT', 'DELETE', 'POST', 'PATCH'].map((method) => isRepeatable(method, { 'if-match': '"3"' }))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('tells a connection never made from a reset and a timeout', () => {
    expect(attemptFailureOf(withCode('ECONNREFUSED'))).toBe('not_connected');
    expect(attemptFailureOf(withCode('UND_ERR_CONNECT_TIMEOUT'))).toBe('not_connected');
    expect(attemptFailureOf(withCode('UND_ERR_SOCKET', 'ECONNRESET'))).toBe('reset');
    expect(attemptFailureOf(withCode('UND_ERR_HEADERS_TIMEOUT'))).toBe('timeout');
    expect(attemptFailureOf(new Error('?'))).toBe('other');
    expect(attemptFailureOf(withCode('UND_ERR_NOT_SUPPORTED'))).toBe('refused_locally');
    expect(attemptFailureOf(withCode('UND_ERR_INVALID_ARG'))).toBe('refused_locally');
    expect(mayRetry('refused_locally', true)).toBe(false);
  });

  it('retries a connection never made for any method, a reset or 502/503 only when repeatable, a timeout never', () => {
    expect(mayRetry('not_connected', false)).toBe(true);
    expect([mayRetry('reset', false), mayRetry('reset', true)]).toEqual([false, true]);
    expect([mayRetry(502, true), mayRetry(503, true), mayRetry(503, false)]).toEqual([true, true, false]);
    expect([
      mayRetry(504, true),
      mayRetry(500, true),
      mayRetry(404, true),
      mayRetry('timeout', true),
      mayRetry('other', true),
    ]).toEqual([false, false, false, false, false]);
  });
});
