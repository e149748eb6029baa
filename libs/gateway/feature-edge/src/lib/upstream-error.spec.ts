import { upstreamProblem } from './upstream-error';

const withCode = (code: string, cause?: string) =>
  Object.assign(new Error('x'), { code, ...(cause && { cause: { code: cause } }) });

describe('upstreamProblem', () => {
  it('says 503 when the upstream cannot be reached', () => {
    for (const error of [
      withCode('ECONNREFUSED'),
      withCode('UND_ERR_CONNECT_TIMEOUT'),
      withCode('UND_ERR_SOCKET', 'ENOTFOUND'),
    ]) {
      expect(upstreamProblem(error, 'users', '/api/v1/users')).toMatchObject({
        status: 503,
        type: 'urn:problem-type:upstream-unavailable',
      });
    }
  });

  it('says 504 when the upstream is too slow', () => {
    expect(upstreamProblem(withCode('UND_ERR_HEADERS_TIMEOUT'), 'users', '/x')).toMatchObject({
      status: 504,
      title: 'Gateway Timeout',
    });
  });

  it('says 502 for a broken exchange, without internals', () => {
    const problem = upstreamProblem(
      Object.assign(new Error('socket hang up at 10.1.2.3:3001'), { code: 'UND_ERR_SOCKET' }),
      'users',
      '/x',
    );
    expect(problem).toMatchObject({
      status: 502,
      detail: 'The users service closed the connection or sent an invalid response.',
    });
    expect(JSON.stringify(problem)).not.toContain('10.1.2.3');
  });
});
