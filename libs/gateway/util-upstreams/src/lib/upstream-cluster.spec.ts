import type { Dispatcher } from 'undici';
import { RetryBudget } from './retry-budget';
import { UpstreamBreaker } from './upstream-breaker';
import { UpstreamCluster, type SendOptions, type SendResult } from './upstream-cluster';
import { UpstreamInstance } from './upstream-instance';
import { UpstreamResponse } from './upstream-response';

type Answer = number | Error;

const refused = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
const reset = () => Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });

const controller = {
  pause: () => undefined,
  resume: () => undefined,
  abort: () => undefined,
} as unknown as Dispatcher.DispatchController;

/** An answer as the pool delivers it: status and headers, then a small body. */
const answered = (statusCode: number) =>
  new Promise<UpstreamResponse>((resolve, reject) => {
    const response = new UpstreamResponse({ resolve, reject });
    response.onResponseStart(controller, statusCode, {});
    response.onResponseData(controller, Buffer.from('{}'));
    response.onResponseEnd();
  });

/** An instance whose pool answers from a script (a status, or an error to throw), recording calls. */
function scripted(id: string, answer: () => Answer) {
  const instance = new UpstreamInstance(
    id,
    'http://127.0.0.1:9',
    { connections: 1, connectTimeoutMs: 100, timeoutMs: 100 },
    { consecutiveFailures: 2, baseEjectionMs: 60_000, maxEjectionMs: 60_000 },
  );
  const calls: string[] = [];
  const send = async () => {
    calls.push(id);
    const next = answer();
    if (next instanceof Error) throw next;
    return answered(next);
  };
  Object.assign(instance, { send, pool: { close: async () => undefined, destroy: async () => undefined } });
  return { instance, calls };
}

const breakerOptions = {
  consecutiveFailures: 100,
  failureRatio: 0.99,
  windowMs: 10_000,
  minimumRps: 1000,
  halfOpenAfterMs: 1_000,
};

function cluster(instances: UpstreamInstance[], budget = new RetryBudget({ ratio: 1, minPerSecond: 100 })) {
  const events = { retries: [] as boolean[], ejected: [] as string[] };
  const result = new UpstreamCluster('users', instances, budget, new UpstreamBreaker<SendResult>(breakerOptions), {
    retry: (_upstream, allowed) => events.retries.push(allowed),
    ejected: (instance) => events.ejected.push(instance.id),
  });
  return { cluster: result, events };
}

const get: SendOptions = { method: 'GET', path: '/v1/users', timeoutMs: 1_000, repeatable: true };
const post: SendOptions = { method: 'POST', path: '/v1/users', timeoutMs: 1_000, repeatable: false };
const statusOf = (result: SendResult) => (result.kind === 'response' ? result.response.statusCode : result.kind);

describe('UpstreamCluster', () => {
  afterEach(() => jest.useRealTimers());

  it('spreads requests over the instances', async () => {
    const [a, b] = [scripted('users#0', () => 200), scripted('users#1', () => 200)];
    const { cluster: users } = cluster([a.instance, b.instance]);
    for (let i = 0; i < 4; i++) await users.send(get);
    expect([a.calls.length, b.calls.length]).toEqual([2, 2]);
  });

  it('retries a repeatable request on a different instance after a reset or a 503, never the same one', async () => {
    const [a, b, c] = [scripted('users#0', reset), scripted('users#1', () => 503), scripted('users#2', () => 200)];
    const { cluster: users, events } = cluster([a.instance, b.instance, c.instance]);
    const result = await users.send(get);
    expect(statusOf(result)).toBe(200);
    expect([...a.calls, ...b.calls, ...c.calls]).toEqual(['users#0', 'users#1', 'users#2']);
    expect(events.retries).toEqual([true, true]);
  });

  it('gives up when every instance has been tried', async () => {
    const [a, b] = [scripted('users#0', () => 502), scripted('users#1', () => 502)];
    const { cluster: users } = cluster([a.instance, b.instance]);
    expect(statusOf(await users.send(get))).toBe(502);
    expect(a.calls.length + b.calls.length).toBe(2);
  });

  it('does not repeat a POST that reached an instance, but sends it elsewhere when the connection was refused', async () => {
    const [a, b] = [scripted('users#0', () => 503), scripted('users#1', () => 201)];
    const { cluster: users } = cluster([a.instance, b.instance]);
    expect(statusOf(await users.send(post))).toBe(503);
    const [c, d] = [scripted('users#0', refused), scripted('users#1', () => 201)];
    const { cluster: other } = cluster([c.instance, d.instance]);
    expect(statusOf(await other.send(post))).toBe(201);
  });

  it('stops retrying when the budget is spent', async () => {
    const [a, b] = [scripted('users#0', () => 503), scripted('users#1', () => 503)];
    for (const { instance } of [a, b]) instance.health.recordFailure = () => false; // no ejection here
    const { cluster: users, events } = cluster(
      [a.instance, b.instance],
      new RetryBudget({ ratio: 0, minPerSecond: 0.2 }),
    );
    for (let i = 0; i < 5; i++) await users.send(get);
    expect(events.retries).toEqual([true, true, false, false, false]);
    expect(a.calls.length + b.calls.length).toBe(7);
  });

  it('ejects an instance after consecutive failures and routes around it', async () => {
    const [a, b] = [scripted('users#0', refused), scripted('users#1', () => 200)];
    const { cluster: users, events } = cluster([a.instance, b.instance]);
    for (let i = 0; i < 6; i++) expect(statusOf(await users.send(get))).toBe(200);
    expect(events.ejected).toEqual(['users#0']);
    expect(a.calls.length).toBe(2);
  });

  it('never counts a request the client library refused to send against the instance or the circuit', async () => {
    const notSupported = () =>
      Object.assign(new Error('expect header not supported'), { code: 'UND_ERR_NOT_SUPPORTED' });
    const a = scripted('users#0', notSupported);
    const { cluster: users, events } = cluster([a.instance]);
    for (let i = 0; i < 10; i++)
      expect(await users.send(post)).toMatchObject({ kind: 'error', refused: true, failed: false });
    expect(events.ejected).toEqual([]);
    expect(a.instance.health.state).toBe('healthy');
    expect(users.breaker.state).toBe('closed');
    expect(a.calls.length).toBe(10);
  });

  it('answers unavailable without trying when every instance is ejected', async () => {
    const [a] = [scripted('users#0', refused)];
    const { cluster: users } = cluster([a.instance]);
    await users.send(get);
    await users.send(get);
    const result = await users.send(get);
    expect(result).toMatchObject({ kind: 'unavailable', reason: 'no_instance', retryAfterSeconds: 60 });
    expect(a.calls.length).toBe(2);
  });

  it('opens the circuit when the whole upstream fails, answers at once with Retry-After, then lets a trial through', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    let answer: Answer = 503;
    const a = scripted('users#0', () => answer);
    a.instance.health.recordFailure = () => false; // keep it in rotation: only the breaker acts here
    const users = new UpstreamCluster(
      'users',
      [a.instance],
      new RetryBudget({ ratio: 0, minPerSecond: 0 }),
      new UpstreamBreaker<SendResult>({ ...breakerOptions, consecutiveFailures: 3, halfOpenAfterMs: 2_000 }),
      {
        retry: () => undefined,
        ejected: () => undefined,
      },
    );
    for (let i = 0; i < 3; i++) expect(statusOf(await users.send(get))).toBe(503);
    expect(users.breaker.state).toBe('open');
    expect(await users.send(get)).toMatchObject({ kind: 'unavailable', reason: 'circuit_open', retryAfterSeconds: 2 });
    expect(a.calls.length).toBe(3);
    jest.setSystemTime(1_002_001);
    answer = 200;
    expect(statusOf(await users.send(get))).toBe(200);
    expect(users.breaker.state).toBe('closed');
  });
});
