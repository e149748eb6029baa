import { LeastPendingPicker } from './least-pending-picker';

const instance = (id: string, pending = 0, rank = 0) => ({ id, pending, rank });

describe('LeastPendingPicker', () => {
  it('goes round robin between equally busy instances', () => {
    const picker = new LeastPendingPicker();
    const all = [instance('a'), instance('b'), instance('c')];
    expect(Array.from({ length: 6 }, () => picker.pick(all)?.id)).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('prefers the instance with the fewest requests in flight', () => {
    const picker = new LeastPendingPicker();
    const all = [instance('a', 5), instance('b', 1), instance('c', 3)];
    expect([picker.pick(all)?.id, picker.pick(all)?.id]).toEqual(['b', 'b']);
  });

  it('uses worse-ranked instances only when no better one is left, and never ejected ones', () => {
    const picker = new LeastPendingPicker();
    expect(picker.pick([instance('a', 9, 0), instance('b', 0, 1)])?.id).toBe('a');
    expect(picker.pick([instance('a', 0, 2), instance('b', 5, 1)])?.id).toBe('b');
    expect(picker.pick([instance('a', 0, 3), instance('b', 0, 3)])).toBeUndefined();
  });

  it('skips excluded instances', () => {
    const picker = new LeastPendingPicker();
    const [a, b] = [instance('a'), instance('b', 4)];
    expect(picker.pick([a, b], new Set([a]))?.id).toBe('b');
    expect(picker.pick([a, b], new Set([a, b]))).toBeUndefined();
  });
});
