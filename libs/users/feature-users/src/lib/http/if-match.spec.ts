import { ProblemException } from '@platform/util-http';
import { IF_MATCH_MAX_LENGTH, parseIfMatch } from './if-match';

describe('If-Match', () => {
  it.each(['"1"', '*', '"1", "2"', 'W/"3"', '"1",W/"2"'])('takes %s as sent', (value) => {
    expect(parseIfMatch(value)).toBe(value);
  });

  it('takes a missing header as absent', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
  });

  it.each([
    ['unquoted', '1'],
    ['empty', ''],
    ['a control character', '"1\u0000"'],
    ['too long', `"${'1'.repeat(IF_MATCH_MAX_LENGTH)}"`],
  ])('refuses a %s value with a 400 naming the header', (_, value) => {
    let thrown: unknown;
    try {
      parseIfMatch(value);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProblemException);
    expect((thrown as ProblemException).problem).toMatchObject({
      status: 400,
      errors: [{ field: 'If-Match', in: 'header' }],
    });
  });
});
