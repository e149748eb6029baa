import type { ArgumentMetadata } from '@nestjs/common';
import type { ProblemException } from '@platform/util-http';
import { CanonicalUuidPipe } from './canonical-uuid.pipe';

describe('CanonicalUuidPipe', () => {
  const pipe = new CanonicalUuidPipe('id');
  const metadata: ArgumentMetadata = { type: 'param', data: 'id' };
  const id = '0b9f1f9e-3c1a-4bde-9d1e-6f1c2b1e8a55';

  it('gives a UUID back in lower case, however it was spelled', async () => {
    expect(await pipe.transform(id, metadata)).toBe(id);
    expect(await pipe.transform(id.toUpperCase(), metadata)).toBe(id);
    expect(await pipe.transform('0B9F1F9E-3c1a-4BDE-9d1e-6F1C2B1E8A55', metadata)).toBe(id);
  });

  it('refuses anything else with a 400 problem naming the parameter', async () => {
    for (const value of ['me', `${id}x`, id.replace(/-/g, ''), ' ' + id]) {
      const error = (await pipe.transform(value, metadata).catch((caught: unknown) => caught)) as ProblemException;
      expect(error.problem).toMatchObject({
        status: 400,
        errors: [{ field: 'id', in: 'path', message: 'id must be a UUID' }],
      });
    }
  });
});
