import type { Platform } from '../platform';
import { answerViolations, describeAnswer } from './answer-checks';
import type { FuzzCase } from './fuzz-case';
import type { CaseShape } from './fuzz-cases';
import type { FuzzFixtures } from './fuzz-fixtures';
import type { FuzzTally } from './fuzz-tally';
import { jsonBytes } from './json-text';
import { isWrite, operationName, type Operation } from './openapi-operations';
import { sendRaw, type RawRequest, type RawResponse } from './raw-http';
import type { StoredState } from './stored-state';

/** What was wrong with one answer, and its request id to find the server's log of it. */
export class AnswerRejected extends Error {
  constructor(
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

/** Sends generated cases through the gateway and checks each answer, and the stored state around refused writes. */
export class FuzzExchange {
  constructor(
    private readonly platform: Platform,
    private readonly fixtures: FuzzFixtures,
    private readonly state: StoredState,
    private readonly tally: FuzzTally,
  ) {}

  /** Sends one case; throws AnswerRejected if the answer breaks a rule. */
  async check(operation: Operation, fuzzCase: FuzzCase, shape: CaseShape): Promise<void> {
    const request = await this.toRawRequest(operation, fuzzCase);
    const writes = isWrite(operation);
    let before: Record<string, string> | undefined;
    if (writes) {
      await this.state.settle();
      before = await this.state.digest();
    }
    let response: RawResponse;
    try {
      response = await sendRaw(this.platform.gatewayUrl, request);
    } catch (error) {
      this.tally.record(operationName(operation), 'no answer');
      throw new AnswerRejected(`- no answer: ${(error as Error).message}`);
    }
    this.tally.record(operationName(operation), response.status);
    const violations = answerViolations(response);
    if (shape.credential !== 'valid' && operation.secured && response.status < 400)
      violations.push(`${response.status} without valid credentials, on an operation that requires them`);
    // Refused is refused: a 5xx must not leave half a write behind either.
    if (before && response.status >= 400) {
      const after = await this.state.digest();
      const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
      if (changed.length > 0) violations.push(`stored state changed on a ${response.status}: ${changed.join(', ')}`);
    }
    if (operation.method === 'DELETE' && response.status < 300) await this.fixtures.replaceDeletedVictims();
    if (violations.length > 0) {
      throw new AnswerRejected(
        [...violations.map((violation) => `- ${violation}`), `answer: ${describeAnswer(response)}`].join('\n'),
        response.headers['x-request-id'],
      );
    }
  }

  private async toRawRequest(operation: Operation, fuzzCase: FuzzCase): Promise<RawRequest> {
    const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
      this.fixtures.segment(fuzzCase.path[name], operation.method),
    );
    const target = fuzzCase.query.length > 0 ? `${path}?${fuzzCase.query.join('&')}` : path;
    const authorization = (await this.fixtures.authorization(fuzzCase.credential, operation.method)).map(
      (value): [string, string] => ['authorization', value],
    );
    const contentType: Array<[string, string]> =
      fuzzCase.body?.contentType === undefined ? [] : [['content-type', fuzzCase.body.contentType]];
    return {
      method: operation.method,
      target,
      headers: [...authorization, ...fuzzCase.headers, ...contentType],
      body: fuzzCase.body ? jsonBytes(fuzzCase.body.content) : undefined,
    };
  }
}
