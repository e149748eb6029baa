import { validate } from 'class-validator';
import { IsEmailAddress } from './user-fields';

class Address {
  @IsEmailAddress()
  email!: unknown;
}

const errorsFor = async (email: unknown) => (await validate(Object.assign(new Address(), { email }))).length;

describe('IsEmailAddress', () => {
  it('accepts an address and refuses what is not one', async () => {
    expect(await errorsFor('ada@example.com')).toBe(0);
    for (const email of ['ada', '', 42, null, 'a@b']) expect(await errorsFor(email)).toBe(1);
  });

  it('refuses a lone surrogate instead of throwing (validator.js would throw URIError)', async () => {
    for (const email of ['\ud800', 'a\udfffb@example.com', 'ada@exa\ud800mple.com'])
      expect(await errorsFor(email)).toBe(1);
  });
});
