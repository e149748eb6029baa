import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsString, Max, ValidateNested } from 'class-validator';
import { ProblemException } from '../problem/problem.exception';
import { ProblemValidationPipe } from './problem-validation.pipe';

class Address {
  @IsString()
  city!: string;
}

class Input {
  @IsEmail()
  email!: string;

  @IsInt()
  @Max(100)
  @Type(() => Number)
  limit!: number;

  @ValidateNested()
  @Type(() => Address)
  address!: Address;
}

describe('ProblemValidationPipe', () => {
  const pipe = new ProblemValidationPipe();
  const body = { type: 'body' as const, metatype: Input };

  const problemOf = async (value: unknown, meta = body) => {
    try {
      await pipe.transform(value, meta);
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemException);
      return (error as ProblemException).problem;
    }
    throw new Error('expected a validation problem');
  };

  it('passes and transforms a valid body', async () => {
    const value = await pipe.transform({ email: 'a@b.co', limit: '5', address: { city: 'Turin' } }, body);
    expect(value).toBeInstanceOf(Input);
    expect((value as Input).limit).toBe(5);
  });

  it('lists each invalid field with a dotted path', async () => {
    const problem = await problemOf({ email: 'nope', limit: 500, address: { city: 3 } });
    expect(problem.status).toBe(400);
    expect(problem.type).toBe('urn:problem-type:validation-error');
    expect(problem.errors?.map((e) => e.field)).toEqual(['email', 'limit', 'address.city']);
    expect(problem.errors?.every((e) => e.in === 'body')).toBe(true);
  });

  it('rejects unknown properties by name', async () => {
    const problem = await problemOf({ email: 'a@b.co', limit: 1, address: { city: 'x' }, role: 'admin' });
    expect(problem.errors).toEqual([{ field: 'role', in: 'body', message: 'property role should not exist' }]);
  });

  it('reports query parameters as such', async () => {
    const problem = await problemOf(
      { email: 'a@b.co', limit: 'many', address: { city: 'x' } },
      { type: 'query' as never, metatype: Input },
    );
    expect(problem.errors?.[0]).toMatchObject({ field: 'limit', in: 'query' });
  });

  it('rejects a body that is not a JSON object', async () => {
    const problem = await problemOf([1, 2]);
    expect(problem.detail).toBe('request body must be a JSON object');
  });
});
