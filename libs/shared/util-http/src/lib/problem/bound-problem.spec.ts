import { boundProblem, PROBLEM_LIMITS } from './bound-problem';
import type { ProblemDetails } from './problem-details';

describe('boundProblem', () => {
  it('leaves a problem within the limits as it is', () => {
    const problem: ProblemDetails = {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No user',
      instance: '/api/v1/users/1',
    };
    expect(boundProblem(problem)).toEqual(problem);
  });

  it('cuts long members and lists at most the first field errors', () => {
    const long = 'x'.repeat(10_000);
    const errors = Array.from({ length: 80 }, (_, i) => ({ field: `${i}${long}`, in: 'body' as const, message: long }));
    const bounded = boundProblem({
      type: 'about:blank',
      title: long,
      status: 400,
      detail: long,
      instance: `/${long}`,
      errors,
      extra: 1,
    });
    expect(bounded.title).toHaveLength(PROBLEM_LIMITS.title);
    expect(bounded.detail).toHaveLength(PROBLEM_LIMITS.detail);
    expect(bounded.instance!.length).toBeLessThanOrEqual(PROBLEM_LIMITS.instance);
    expect(bounded.detail!.endsWith('…')).toBe(true);
    expect(bounded.errors).toHaveLength(PROBLEM_LIMITS.errors);
    expect(bounded.errors![1].field.startsWith('1x')).toBe(true);
    expect(
      bounded.errors!.every(
        (e) => e.field.length === PROBLEM_LIMITS.field && e.message.length === PROBLEM_LIMITS.message,
      ),
    ).toBe(true);
    expect(bounded['extra']).toBe(1);
  });

  it('makes the instance a URI reference: characters Node accepts in a path but a URI cannot hold are escaped', () => {
    const instance = (path: string) =>
      boundProblem({ type: 'about:blank', title: 'Not Found', status: 404, instance: path }).instance;
    expect(instance('/api/v1/users/a|b{c}"d`^\\ é')).toBe('/api/v1/users/a%7Cb%7Bc%7D%22d%60%5E%5C%20%C3%A9');
    expect(instance('/api/v1/users/%41%zz')).toBe('/api/v1/users/%41%25zz');
    expect(instance('/api/v1/users?name=Ada&x=1')).toBe('/api/v1/users?name=Ada&x=1');
    const cut = instance(`/${'é'.repeat(PROBLEM_LIMITS.instance)}`)!;
    expect(cut.length).toBeLessThanOrEqual(PROBLEM_LIMITS.instance);
    expect(cut).toMatch(/^\/(%C3%A9)+$/);
  });
});
