import fc from 'fast-check';
import type { Platform } from '../platform';
import { fuzzCases, type CaseShape } from './fuzz-cases';
import { AnswerRejected, FuzzExchange } from './fuzz-exchange';
import type { FuzzFixtures } from './fuzz-fixtures';
import { FuzzTally } from './fuzz-tally';
import { operationName, type Operation } from './openapi-operations';
import { loggedErrorOf } from './server-log';
import type { StoredState } from './stored-state';

export interface FuzzCategory extends CaseShape {
  name: string;
  /** fast-check runs per operation. */
  runs: number;
  appliesTo(operation: Operation): boolean;
}

export interface FuzzSettings {
  seed: number;
  /** fast-check's path of one counterexample, to replay it with the seed it was found with. */
  path?: string;
  /** Only this operation (`METHOD /path`). */
  operation?: string;
}

/**
 * Requests a property may still send once it has failed. Shrinking re-sends variants of the
 * failing case; past this budget the rest count as passing, so the report shows the smallest
 * failure found by then and a run's length stays bounded.
 */
const SHRINK_BUDGET = 20;

/** Runs categories of generated requests against every operation: one fast-check property per operation and category. */
export class Fuzzer {
  readonly tally = new FuzzTally();
  private readonly exchange: FuzzExchange;

  constructor(
    private readonly platform: Platform,
    private readonly fixtures: FuzzFixtures,
    state: StoredState,
    private readonly settings: FuzzSettings,
  ) {
    this.exchange = new FuzzExchange(platform, fixtures, state, this.tally);
  }

  /** The failure report of each operation whose property fails. */
  async run(operations: Operation[], category: FuzzCategory): Promise<string[]> {
    const failures: string[] = [];
    const chosen = operations.filter(
      (operation) =>
        category.appliesTo(operation) &&
        (!this.settings.operation || operationName(operation) === this.settings.operation),
    );
    for (const operation of chosen) {
      const failure = await this.check(operation, category);
      if (failure) failures.push(failure);
    }
    return failures;
  }

  private async check(operation: Operation, category: FuzzCategory): Promise<string | undefined> {
    let shrinkRequests: number | undefined;
    const property = fc.asyncProperty(fuzzCases(operation, category, this.fixtures.kid), async (fuzzCase) => {
      if (shrinkRequests !== undefined && ++shrinkRequests > SHRINK_BUDGET) return;
      try {
        await this.exchange.check(operation, fuzzCase, category);
      } catch (error) {
        shrinkRequests ??= 0;
        throw error;
      }
    });
    try {
      await fc.assert(property, {
        numRuns: category.runs,
        seed: this.seedFor(operation, category),
        path: this.settings.path,
      });
      return undefined;
    } catch (error) {
      return this.report(operation, category, error as Error);
    }
  }

  /**
   * Each property draws from its own seed, derived from the run's: with one seed for all, every
   * operation of the same shape would be sent the very same cases. A replay takes the seed as given.
   */
  private seedFor(operation: Operation, category: FuzzCategory): number {
    if (this.settings.path) return this.settings.seed;
    const name = `${operationName(operation)} ${category.name}`;
    return [...name].reduce((hash, char) => Math.imul(hash ^ char.charCodeAt(0), 16777619), this.settings.seed) | 0;
  }

  /** fast-check's report, what was wrong with the answer, the server's log of a 5xx, and the command that replays it. */
  private async report(operation: Operation, category: FuzzCategory, error: Error): Promise<string> {
    const [, seed, path] = /seed: (-?\d+), path: "([^"]*)"/.exec(error.message) ?? [];
    const rejected = error.cause instanceof AnswerRejected ? error.cause : undefined;
    const logged =
      rejected?.requestId && /status 5\d\d/.test(rejected.message)
        ? await loggedErrorOf(this.platform, rejected.requestId)
        : undefined;
    return [
      `${operationName(operation)} — ${category.name}`,
      error.message.replace(/\n*Hint: .*$/s, ''),
      rejected?.message ?? String(error.cause),
      ...(logged ? [`server log: ${logged}`] : []),
      `replay: FUZZ_SEED=${seed} FUZZ_PATH=${path} FUZZ_OPERATION='${operationName(operation)}' npx jest --config apps/e2e/jest-e2e.config.cts fuzz-openapi --runInBand -t '${category.name}'`,
    ].join('\n');
  }
}
