/** What the picker needs from an instance. */
export interface Pickable {
  /** Requests sent to it and not yet finished. */
  readonly pending: number;
  /** Lower is better: 0 in rotation, higher only when nothing better exists (see InstanceHealth). */
  readonly rank: number;
}

/** Instances whose rank is this or worse are never picked (ejected ones). */
const NEVER = 3;

/**
 * Least-pending balancing: among the best-ranked instances, the one with the fewest requests
 * in flight; ties go round robin. A slow instance accumulates in-flight requests and gets fewer
 * new ones, which plain round robin cannot do; at equal speed it behaves like round robin.
 * Instances in `exclude` (already tried by this request) are skipped.
 */
export class LeastPendingPicker {
  private cursor = 0;

  pick<T extends Pickable>(instances: readonly T[], exclude?: ReadonlySet<T>): T | undefined {
    let best: T | undefined;
    let bestIndex = -1;
    for (let step = 0; step < instances.length; step++) {
      const index = (this.cursor + step) % instances.length;
      const candidate = instances[index];
      if (candidate.rank >= NEVER || exclude?.has(candidate)) continue;
      if (!best || candidate.rank < best.rank || (candidate.rank === best.rank && candidate.pending < best.pending)) {
        best = candidate;
        bestIndex = index;
      }
    }
    if (best) this.cursor = (bestIndex + 1) % instances.length;
    return best;
  }
}
