import { randomBytes } from 'node:crypto';
import { startPlatform, type Platform } from './support/platform';
import { expectProblem, http, type JsonResponse } from './support/http';
import { registerAndLogin, type Session } from './support/sessions';

/**
 * The request contract the OpenAPI document states is the one the services enforce: text
 * without control characters, `null` refused where a field may only be left out, the documented
 * lengths. Each defect answers a 400 problem naming the field, and nothing is stored.
 */
describe('input contract through the gateway', () => {
  let platform: Platform;
  let user: Session;

  beforeAll(async () => {
    platform = await startPlatform();
    user = await registerAndLogin(platform.gatewayUrl, 'contract');
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const me = () => http(platform.gatewayUrl, 'GET', '/api/v1/users/me', undefined, user.auth);
  const patchMe = (body: unknown) => http(platform.gatewayUrl, 'PATCH', '/api/v1/users/me', body, user.auth);

  /** A 400 validation problem that names `field`. */
  const expectFieldRefused = (response: JsonResponse, field: string, message?: RegExp) => {
    expectProblem(response, 400);
    expect(response.body.type).toBe('urn:problem-type:validation-error');
    const error = (response.body.errors as { field: string; message: string }[]).find(
      (candidate) => candidate.field === field,
    );
    expect(error).toBeDefined();
    if (message) expect(error!.message).toMatch(message);
  };

  const CONTROL = /must not contain control characters/;
  const HOSTILE_TEXT: [string, string][] = [
    ['NUL', 'Eve\u0000Admin'],
    ['a terminal escape', '\u001b[2J\u001b[31mEve'],
    ['a C1 control (CSI)', 'Eve\u009b31m'],
    ['a line break', 'Eve\nINFO forged log line'],
    ['a lone surrogate', 'Eve\ud800'],
  ];

  describe('register', () => {
    it.each(HOSTILE_TEXT)('refuses %s in the name and creates no account', async (_, name) => {
      const email = `hostile-${randomBytes(4).toString('hex')}@example.com`;
      const password = 'correct horse battery staple';
      expectFieldRefused(
        await http(platform.gatewayUrl, 'POST', '/api/v1/auth/register', { email, password, name }),
        'name',
        CONTROL,
      );
      expectProblem(await http(platform.gatewayUrl, 'POST', '/api/v1/auth/login', { email, password }), 401);
      expect((await platform.asAdmin('GET', `/api/v1/users?email=${email}`)).body.total).toBe(0);
    });

    it('refuses an over-long name, and null for a field', async () => {
      const base = {
        email: `long-${randomBytes(4).toString('hex')}@example.com`,
        password: 'correct horse battery staple',
      };
      expectFieldRefused(
        await http(platform.gatewayUrl, 'POST', '/api/v1/auth/register', { ...base, name: 'x'.repeat(201) }),
        'name',
        /200/,
      );
      expectFieldRefused(
        await http(platform.gatewayUrl, 'POST', '/api/v1/auth/register', { ...base, name: null }),
        'name',
        /must not be null/,
      );
      expect((await platform.asAdmin('GET', `/api/v1/users?email=${base.email}`)).body.total).toBe(0);
    });
  });

  describe('users PATCH', () => {
    it.each(HOSTILE_TEXT)('refuses %s in the name and keeps the stored user', async (_, name) => {
      const before = (await me()).body;
      expectFieldRefused(await patchMe({ name }), 'name', CONTROL);
      expect((await me()).body).toEqual(before);
    });

    it.each(['name', 'email'])(
      'answers null for %s with a 400 (it used to reach the database as a 500)',
      async (field) => {
        const before = (await me()).body;
        expectFieldRefused(await patchMe({ [field]: null }), field, /must not be null/);
        expect((await me()).body).toEqual(before);
      },
    );

    it('answers null for the role with a 400, for an admin too, on PATCH and PUT', async () => {
      const before = (await me()).body;
      expectFieldRefused(
        await platform.asAdmin('PATCH', `/api/v1/users/${user.userId}`, { role: null }),
        'role',
        /must not be null/,
      );
      expectFieldRefused(
        await platform.asAdmin('PUT', `/api/v1/users/${user.userId}`, {
          email: before.email,
          name: before.name,
          role: null,
        }),
        'role',
      );
      expect((await me()).body).toEqual(before);
    });

    it('enforces the documented maxLength of name and e-mail', async () => {
      const before = (await me()).body;
      expectFieldRefused(await patchMe({ name: 'x'.repeat(201) }), 'name', /200/);
      expectFieldRefused(await patchMe({ email: `${'a'.repeat(250)}@example.com` }), 'email');
      expect((await me()).body).toEqual(before);
      const fits = await patchMe({ name: 'y'.repeat(200) });
      expect(fits.status).toBe(200);
      expect(fits.body.name).toHaveLength(200);
    });

    it('refuses a malformed or over-long If-Match with a 400 naming the header', async () => {
      const before = (await me()).body;
      for (const ifMatch of ['1', `"${'1'.repeat(300)}"`]) {
        const answer = await http(
          platform.gatewayUrl,
          'PATCH',
          '/api/v1/users/me',
          { name: 'Changed' },
          { ...user.auth, 'if-match': ifMatch },
        );
        expectProblem(answer, 400);
        expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'If-Match', in: 'header' })]);
      }
      expect((await me()).body).toEqual(before);
    });
  });

  describe('users create and list (admin)', () => {
    it('refuses control characters and over-long names on create, and stores nothing', async () => {
      const email = `admin-made-${randomBytes(4).toString('hex')}@example.com`;
      expectFieldRefused(
        await platform.asAdmin('POST', '/api/v1/users', { email, name: 'Eve\u0000' }),
        'name',
        CONTROL,
      );
      expectFieldRefused(await platform.asAdmin('POST', '/api/v1/users', { email, name: 'x'.repeat(201) }), 'name');
      expect((await platform.asAdmin('GET', `/api/v1/users?email=${email}`)).body.total).toBe(0);
    });

    it('refuses a control character in the name filter', async () => {
      expectFieldRefused(
        await platform.asAdmin('GET', `/api/v1/users?name=${encodeURIComponent('Eve\u001b')}`),
        'name',
        CONTROL,
      );
    });
  });
});
