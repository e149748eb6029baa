import {
  FuzzFixtures,
  Fuzzer,
  operationName,
  operationsOf,
  StoredState,
  type FuzzCategory,
  type FuzzSettings,
  type Operation,
} from './support/fuzz';
import { http } from './support/http';
import { startPlatform, type Platform } from './support/platform';

/**
 * Property-based fuzzing of every operation in the gateway's merged OpenAPI document, through
 * the gateway only. Whatever a client sends, the platform owes it: no 5xx, every error an RFC
 * 9457 problem, no success without the credentials an operation requires, and no change to
 * what users and auth store when a write is refused (4xx, and 5xx too).
 *
 * Each run draws new cases from a seed printed at the end (FUZZ_SEED=<seed> repeats the run). A
 * failure prints the command that replays its shrunk counterexample alone: FUZZ_SEED, FUZZ_PATH
 * (fast-check's) and FUZZ_OPERATION, with the category as the test name.
 */
const settings: FuzzSettings = {
  seed: Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31),
  path: process.env['FUZZ_PATH'],
  operation: process.env['FUZZ_OPERATION'],
};

const everyOperation = () => true;
const withBody = (operation: Operation) => operation.body !== undefined;

const valid = { credential: 'valid', parameters: 'valid', body: 'valid' } as const;

/** Each category makes one part of the request hostile, so that each kind of defect fails on its own. */
const CATEGORIES: FuzzCategory[] = [
  { ...valid, name: 'no, garbage or malformed credentials', credential: 'broken', runs: 16, appliesTo: everyOperation },
  {
    ...valid,
    name: 'bytes HTTP forbids in a header value',
    credential: 'forbidden-bytes',
    runs: 4,
    appliesTo: everyOperation,
  },
  {
    ...valid,
    name: 'hostile path, query and header parameters',
    parameters: 'hostile',
    runs: 20,
    appliesTo: everyOperation,
  },
  { ...valid, name: 'valid bodies from the schema', runs: 10, appliesTo: withBody },
  { ...valid, name: 'fields of the wrong type', body: 'wrong-types', runs: 12, appliesTo: withBody },
  { ...valid, name: 'null fields and null bodies', body: 'nulls', runs: 12, appliesTo: withBody },
  { ...valid, name: 'missing required and extra fields', body: 'reshaped', runs: 12, appliesTo: withBody },
  {
    ...valid,
    name: 'lengths, numbers and e-mails at and past their limits',
    body: 'boundaries',
    runs: 12,
    appliesTo: withBody,
  },
  {
    ...valid,
    name: 'control characters, NUL, terminal escapes and injection text',
    body: 'control-characters',
    runs: 20,
    appliesTo: withBody,
  },
  {
    ...valid,
    name: 'non-ASCII text, lone surrogates and invalid UTF-8',
    body: 'unicode',
    runs: 20,
    appliesTo: withBody,
  },
  { ...valid, name: 'huge strings under the body limit', body: 'huge', runs: 6, appliesTo: withBody },
  {
    ...valid,
    name: 'JSON nested thousands of levels deep, under the body limit',
    body: 'deep',
    runs: 6,
    appliesTo: withBody,
  },
  {
    ...valid,
    name: 'malformed JSON, invalid UTF-8 and other content types',
    body: 'raw',
    runs: 20,
    appliesTo: withBody,
  },
];

describe('fuzzing every operation of the OpenAPI document, through the gateway', () => {
  let platform: Platform;
  let state: StoredState;
  let fixtures: FuzzFixtures;
  let fuzzer: Fuzzer;
  let operations: Operation[];

  beforeAll(async () => {
    platform = await startPlatform();
    const document = await http(platform.gatewayUrl, 'GET', '/docs/openapi.json');
    operations = operationsOf(document.body);
    state = await StoredState.open(platform.usersDb.url, platform.authDb.url);
    fixtures = await FuzzFixtures.create(platform);
    fuzzer = new Fuzzer(platform, fixtures, state, settings);
  }, 60_000);

  afterAll(async () => {
    if (fuzzer) console.log(`${fuzzer.tally.summary()}\nseed ${settings.seed} (FUZZ_SEED to replay)`);
    await state?.close();
    await platform?.stop();
  });

  it('reads the operations of both services from the merged document', () => {
    const names = operations.map(operationName);
    expect(names).toEqual(
      expect.arrayContaining(['GET /api/v1/users/{id}', 'PATCH /api/v1/users/me', 'POST /api/v1/auth/login']),
    );
  });

  it('sees a write in the stored-state digest, so that a refused write that changes something fails', async () => {
    const before = await state.digest();
    expect(
      (await http(platform.gatewayUrl, 'PATCH', '/api/v1/users/me', { name: 'Digest Probe' }, fixtures.ada.auth))
        .status,
    ).toBe(200);
    await state.settle();
    const after = await state.digest();
    expect(Object.keys(before).filter((table) => before[table] !== after[table])).toEqual([
      'users',
      'outbox_messages',
      'user_accounts',
    ]);
  });

  it.each(CATEGORIES)(
    '$name',
    async (category) => {
      const failures = await fuzzer.run(operations, category);
      if (failures.length > 0) throw new Error(`${failures.length} operation(s) failed:\n\n${failures.join('\n\n')}`);
    },
    120_000,
  );

  it('sent requests to every operation', () => {
    const expected = settings.operation ? [settings.operation] : operations.map(operationName);
    expect(fuzzer.tally.operations).toEqual(expect.arrayContaining(expected));
  });

  it('left the bootstrap admin as it was', async () => {
    const admins = await platform.usersDb.query(`SELECT role FROM users WHERE email = $1`, [platform.admin.email]);
    expect(admins).toEqual([{ role: 'admin' }]);
  });
});
