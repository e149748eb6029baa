/** Requests sent and statuses answered, per operation, for the summary a run prints. */
export class FuzzTally {
  private readonly statuses = new Map<string, Map<number | string, number>>();
  private total = 0;

  record(operation: string, status: number | string): void {
    const counts = this.statuses.get(operation) ?? new Map<number | string, number>();
    counts.set(status, (counts.get(status) ?? 0) + 1);
    this.statuses.set(operation, counts);
    this.total += 1;
  }

  /** Operations that were sent at least one request. */
  get operations(): string[] {
    return [...this.statuses.keys()];
  }

  summary(): string {
    const width = Math.max(...[...this.statuses.keys()].map((name) => name.length));
    const lines = [...this.statuses].map(([operation, counts]) => {
      const sent = [...counts.values()].reduce((sum, count) => sum + count, 0);
      const byStatus = [...counts]
        .sort(([a], [b]) => String(a).localeCompare(String(b)))
        .map(([status, count]) => `${status}×${count}`);
      return `  ${operation.padEnd(width)}  ${String(sent).padStart(5)}  ${byStatus.join(' ')}`;
    });
    return [`fuzz: ${this.total} requests through the gateway`, ...lines].join('\n');
  }
}
