import { ProblemException, ProblemValidationPipe } from '@platform/util-http';
import { CreateUserRequestDto } from './create-user.request.dto';
import { ListUsersQueryDto } from './list-users.query.dto';
import { PatchUserRequestDto } from './patch-user.request.dto';
import { ReplaceUserRequestDto } from './replace-user.request.dto';

const pipe = new ProblemValidationPipe();

async function errorsOf(metatype: new () => object, value: object, type: 'body' | 'query' = 'body') {
  try {
    await pipe.transform(value, { type, metatype });
    return [];
  } catch (error) {
    return (error as ProblemException).problem.errors?.map((e) => `${e.field}: ${e.message}`);
  }
}

describe('user request DTOs', () => {
  it('normalises e-mail and trims the name', async () => {
    const dto = (await pipe.transform(
      { email: '  Ada@Example.COM ', name: '  Ada ' },
      { type: 'body', metatype: CreateUserRequestDto },
    )) as CreateUserRequestDto;
    expect(dto).toEqual({ email: 'ada@example.com', name: 'Ada' });
  });

  it('says once per field what is missing', async () => {
    expect(await errorsOf(CreateUserRequestDto, {})).toEqual(['email: email is required', 'name: name is required']);
  });

  it('rejects a blank name and a malformed e-mail', async () => {
    expect(await errorsOf(CreateUserRequestDto, { email: 'ada', name: '   ' })).toEqual([
      'email: email must be an e-mail address',
      'name: name must not be blank',
    ]);
  });

  it('lets PATCH omit fields but not send server-owned ones', async () => {
    expect(await errorsOf(PatchUserRequestDto, { name: 'Ada' })).toEqual([]);
    expect(await errorsOf(PatchUserRequestDto, { version: 4, id: 'x' })).toEqual([
      'version: property version should not exist',
      'id: property id should not exist',
    ]);
  });

  it('caps the page size at 100 and only sorts by known fields', async () => {
    expect(await errorsOf(ListUsersQueryDto, { limit: '101' }, 'query')).toEqual([
      'limit: limit must not be greater than 100',
    ]);
    expect(await errorsOf(ListUsersQueryDto, { sort: 'password' }, 'query')).toHaveLength(1);
    const query = (await pipe.transform(
      { limit: '5' },
      { type: 'query', metatype: ListUsersQueryDto },
    )) as ListUsersQueryDto;
    expect(query).toMatchObject({ limit: 5, offset: 0, sort: '-createdAt' });
  });

  it('refuses control characters, terminal escapes and malformed Unicode in every text field', async () => {
    for (const name of ['Ada\u0000', '\u001b[31mAda', 'Ada\nLovelace', 'Ada\u009b2J', 'Ada\ud800']) {
      expect(await errorsOf(CreateUserRequestDto, { email: 'ada@example.com', name })).toEqual([
        'name: name must not contain control characters or malformed Unicode',
      ]);
      expect(await errorsOf(PatchUserRequestDto, { name })).toHaveLength(1);
    }
    expect(await errorsOf(ListUsersQueryDto, { name: 'Ada\u0000' }, 'query')).toHaveLength(1);
  });

  it('refuses null for any field of PATCH and PUT, where absent is allowed', async () => {
    expect(await errorsOf(PatchUserRequestDto, { name: null })).toEqual(['name: name must not be null']);
    expect(await errorsOf(PatchUserRequestDto, { email: null })).toEqual(['email: email must not be null']);
    expect(await errorsOf(PatchUserRequestDto, { role: null })).toEqual(['role: role must not be null']);
    expect(await errorsOf(ReplaceUserRequestDto, { email: 'ada@example.com', name: 'Ada', role: null })).toEqual([
      'role: role must not be null',
    ]);
    expect(await errorsOf(PatchUserRequestDto, {})).toEqual([]);
  });

  it('enforces the documented lengths', async () => {
    expect(await errorsOf(PatchUserRequestDto, { name: 'x'.repeat(200) })).toEqual([]);
    expect(await errorsOf(PatchUserRequestDto, { name: 'x'.repeat(201) })).toEqual([
      'name: name must be shorter than or equal to 200 characters',
    ]);
    expect(await errorsOf(PatchUserRequestDto, { email: `${'a'.repeat(250)}@example.com` })).toHaveLength(1);
    expect(await errorsOf(ListUsersQueryDto, { email: `${'a'.repeat(250)}@example.com` }, 'query')).toHaveLength(1);
  });
});
