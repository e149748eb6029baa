import { IsString } from 'class-validator';
import { ProblemException } from '../problem/problem.exception';
import { IsOmittable, IsPresent } from './presence';
import { ProblemValidationPipe } from './problem-validation.pipe';
import { isSafeText, SAFE_TEXT_PATTERN, SafeText } from './safe-text';

class Note {
  @IsPresent()
  @IsString()
  @SafeText()
  title!: string;

  @IsOmittable()
  @IsString()
  @SafeText()
  comment?: string;
}

const pipe = new ProblemValidationPipe();

async function errorsOf(value: object): Promise<string[]> {
  try {
    await pipe.transform(value, { type: 'body', metatype: Note });
    return [];
  } catch (error) {
    return (error as ProblemException).problem.errors!.map((e) => `${e.field}: ${e.message}`);
  }
}

describe('SafeText', () => {
  it.each([
    ['NUL', 'Ada\u0000Lovelace'],
    ['a terminal escape', '\u001b[2J\u001b[31mAda'],
    ['a line break', 'Ada\nINFO forged log line'],
    ['a tab', 'Ada\tLovelace'],
    ['DEL', 'Ada\u007f'],
    ['a C1 control (CSI)', 'Ada\u009b31m'],
    ['a lone high surrogate', 'Ada\ud83d'],
    ['a lone low surrogate', '\ude00Ada'],
  ])('refuses %s', (_, text) => {
    expect(isSafeText(text)).toBe(false);
  });

  it.each([
    ['plain', 'Ada Lovelace'],
    ['accents and scripts', 'Zoë Ægir 李小龍 Ωμέγα'],
    ['emoji (surrogate pairs)', 'Ada 👩🏽‍💻'],
    ['empty', ''],
  ])('accepts %s', (_, text) => {
    expect(isSafeText(text)).toBe(true);
  });

  it('publishes a pattern that says the same about control characters', () => {
    const pattern = new RegExp(SAFE_TEXT_PATTERN, 'u');
    for (const code of [0x00, 0x09, 0x0a, 0x1b, 0x1f, 0x7f, 0x80, 0x9b, 0x9f])
      expect(pattern.test(`a${String.fromCharCode(code)}b`)).toBe(false);
    for (const code of [0x20, 0x7e, 0xa0, 0xe9]) expect(pattern.test(`a${String.fromCharCode(code)}b`)).toBe(true);
  });

  it('answers a 400 naming the field', async () => {
    expect(await errorsOf({ title: 'x\u0000' })).toEqual([
      'title: title must not contain control characters or malformed Unicode',
    ]);
  });
});

describe('IsPresent and IsOmittable', () => {
  it('tells a missing field from a null one', async () => {
    expect(await errorsOf({})).toEqual(['title: title is required']);
    expect(await errorsOf({ title: null })).toEqual(['title: title must not be null']);
  });

  it('lets an omittable field be left out, but not be null', async () => {
    expect(await errorsOf({ title: 'Hello' })).toEqual([]);
    expect(await errorsOf({ title: 'Hello', comment: null })).toEqual(['comment: comment must not be null']);
    expect(await errorsOf({ title: 'Hello', comment: 'ok\u001b' })).toHaveLength(1);
  });
});
