import { ProblemException, ProblemValidationPipe } from '@platform/util-http';
import { ChangePasswordRequestDto, LoginRequestDto, RefreshRequestDto, RegisterRequestDto } from './auth-requests.dto';

const pipe = new ProblemValidationPipe();

async function errorsOf(metatype: new () => object, value: object): Promise<string[]> {
  try {
    await pipe.transform(value, { type: 'body', metatype });
    return [];
  } catch (error) {
    return (error as ProblemException).problem.errors!.map((e) => `${e.field}: ${e.message}`);
  }
}

const register = { email: 'ada@example.com', password: 'correct horse battery staple', name: 'Ada' };

describe('auth request DTOs', () => {
  it('refuses control characters in the name and the new password of a registration', async () => {
    expect(await errorsOf(RegisterRequestDto, { ...register, name: 'Ada\u0000' })).toEqual([
      'name: name must not contain control characters or malformed Unicode',
    ]);
    expect(await errorsOf(RegisterRequestDto, { ...register, name: '\u001b]0;pwned\u0007' })).toHaveLength(1);
    expect(await errorsOf(RegisterRequestDto, { ...register, password: 'correct horse\u0000battery' })).toEqual([
      'password: password must not contain control characters or malformed Unicode',
    ]);
  });

  it('still checks a given password with any characters, so an old password can log in', async () => {
    expect(await errorsOf(LoginRequestDto, { email: 'ada@example.com', password: 'old\tpassword' })).toEqual([]);
    expect(
      await errorsOf(ChangePasswordRequestDto, {
        currentPassword: 'old\tpassword',
        newPassword: 'correct horse battery staple',
      }),
    ).toEqual([]);
  });

  it('refuses null and over-long values', async () => {
    expect(await errorsOf(RegisterRequestDto, { ...register, name: null })).toEqual(['name: name must not be null']);
    expect(await errorsOf(RegisterRequestDto, { ...register, name: 'x'.repeat(201) })).toHaveLength(1);
    expect(await errorsOf(LoginRequestDto, { email: 'ada@example.com', password: 'x'.repeat(129) })).toHaveLength(1);
  });

  it('takes only a base64url refresh token', async () => {
    expect(await errorsOf(RefreshRequestDto, { refreshToken: 'Zm9vYmFy_-' })).toEqual([]);
    expect(await errorsOf(RefreshRequestDto, { refreshToken: 'not a token\u0000' })).toEqual([
      'refreshToken: refreshToken must be a base64url string',
    ]);
    expect(await errorsOf(RefreshRequestDto, { refreshToken: 'a'.repeat(129) })).toHaveLength(1);
  });
});
