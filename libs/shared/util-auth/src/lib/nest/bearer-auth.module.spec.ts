import { Controller, Get, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, Public, RequestPipeline } from '@platform/util-http';
import { createHmac } from 'node:crypto';
import { type Caller } from '../access-token';
import {
  accessTokenClaims,
  forgeToken,
  generateSigningKey,
  mintAccessToken,
  nowSeconds,
  startJwksServer,
  testPolicy,
  type JwksServer,
} from '../testing/access-token-fixtures';
import { BearerAuthModule } from './bearer-auth.module';
import { CurrentCaller } from './current-caller.decorator';
import { RequireRole } from './require-role.decorator';

@Controller('me')
class MeController {
  @Get()
  me(@CurrentCaller() caller: Caller): Caller {
    return caller;
  }

  @Public()
  @Get('anonymous')
  anonymous(): { open: true } {
    return { open: true };
  }
}

@Public()
@Controller('open')
class OpenController {
  @Get()
  open(): { open: true } {
    return { open: true };
  }
}

@RequireRole('admin')
@Controller('admin')
class AdminController {
  @Get()
  admin(@CurrentCaller() caller: Caller): { admin: string } {
    return { admin: caller.id };
  }
}

describe('BearerAuthModule on a Fastify app', () => {
  const key1 = generateSigningKey('key-1');
  const key2 = generateSigningKey('key-2');
  let jwks: JwksServer;
  let app: NestFastifyApplication;
  const callerIds: unknown[] = [];
  let base: string;

  beforeAll(async () => {
    jwks = await startJwksServer([key1]);
    @Module({
      imports: [BearerAuthModule.forRoot({ policy: testPolicy, keys: { jwksUrl: jwks.url, refetchCooldownMs: 0 } })],
      controllers: [MeController, OpenController, AdminController],
    })
    class TestAppModule {}
    app = await createHttpApp(TestAppModule, { service: 'util-auth-test', logLevel: 'error', logFormat: 'json' });
    // The request line's caller, as the pipeline's end sees it.
    app.get(RequestPipeline).observe((exchange) => callerIds.push(exchange.caller?.id));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(async () => {
    await app?.close();
    await jwks?.close();
  });

  const get = async (url: string, token?: string, scheme = 'Bearer') => {
    const response = await fetch(base + url, {
      headers: token === undefined ? {} : { authorization: `${scheme} ${token}` },
    });
    const raw = await response.text();
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: JSON.parse(raw) as Record<string, unknown>,
      raw,
    };
  };

  const expectUnauthenticated = (response: Awaited<ReturnType<typeof get>>, challenge: string) => {
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toBe(challenge);
    expect(response.body).toMatchObject({
      type: 'urn:problem-type:unauthenticated',
      status: 401,
      detail: 'A valid bearer access token is required.',
    });
  };

  describe('without a bearer token', () => {
    it('answers 401 with the bare challenge (RFC 6750 §3.1)', async () => {
      expectUnauthenticated(await get('/me'), 'Bearer realm="platform"');
      expectUnauthenticated(await get('/me', 'dXNlcjpwYXNz', 'Basic'), 'Bearer realm="platform"');
    });

    it('lets @Public() controllers and handlers through, with or without a token', async () => {
      expect(await get('/open')).toMatchObject({ status: 200, body: { open: true } });
      expect(await get('/open', 'garbage')).toMatchObject({ status: 200, body: { open: true } });
      expect(await get('/me/anonymous')).toMatchObject({ status: 200, body: { open: true } });
    });
  });

  describe('with a valid token', () => {
    it('answers with the caller and names it for the request log', async () => {
      const claims = accessTokenClaims();
      const response = await get('/me', mintAccessToken(key1, claims));
      expect(response).toMatchObject({
        status: 200,
        body: { id: claims['sub'], role: 'user', tokenId: claims['jti'], expiresAt: claims['exp'] },
      });
      expect(callerIds.at(-1)).toBe(claims['sub']);
    });

    it('accepts a token expired within the clock tolerance', async () => {
      expect((await get('/me', mintAccessToken(key1, accessTokenClaims({ exp: nowSeconds() - 20 })))).status).toBe(200);
    });
  });

  describe('with a bad token', () => {
    const hmacWithPublicKey = (input: string) =>
      createHmac('sha256', key1.publicKey.export({ type: 'spki', format: 'pem' }))
        .update(input)
        .digest('base64url');
    it.each([
      ['garbage', () => 'garbage'],
      ['expired', () => mintAccessToken(key1, accessTokenClaims({ iat: nowSeconds() - 700, exp: nowSeconds() - 60 }))],
      ['alg none', () => forgeToken({ alg: 'none', typ: 'at+jwt', kid: 'key-1' }, accessTokenClaims(), () => '')],
      [
        'HS256 with the public key',
        () => forgeToken({ alg: 'HS256', typ: 'at+jwt', kid: 'key-1' }, accessTokenClaims(), hmacWithPublicKey),
      ],
      ['signed by another key', () => mintAccessToken(generateSigningKey('key-1'))],
      ['wrong issuer', () => mintAccessToken(key1, accessTokenClaims({ iss: 'evil' }))],
      ['wrong audience', () => mintAccessToken(key1, accessTokenClaims({ aud: 'other-api' }))],
      ['refresh typ', () => mintAccessToken(key1, accessTokenClaims(), { typ: 'refresh+jwt' })],
      ['unknown role', () => mintAccessToken(key1, accessTokenClaims({ role: 'root' }))],
      ['no jti', () => mintAccessToken(key1, accessTokenClaims({ jti: undefined }))],
    ])('answers 401 invalid_token for %s, without saying why', async (_case, token) => {
      const response = await get('/me', token());
      expectUnauthenticated(response, 'Bearer realm="platform", error="invalid_token"');
      expect(response.raw).not.toMatch(/jwt|expired|signature|issuer|audience|role|jti|malformed|kid/i);
      expect(callerIds.at(-1)).toBeUndefined();
    });
  });

  describe('roles', () => {
    it('answers 403 to a user on an admin route', async () => {
      const response = await get('/admin', mintAccessToken(key1, accessTokenClaims({ role: 'user' })));
      expect(response.status).toBe(403);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({
        type: 'urn:problem-type:forbidden',
        detail: 'This operation needs the admin role.',
      });
    });

    it('lets an admin through', async () => {
      const claims = accessTokenClaims({ role: 'admin' });
      expect(await get('/admin', mintAccessToken(key1, claims))).toMatchObject({
        status: 200,
        body: { admin: claims['sub'] },
      });
    });

    it('authenticates before checking roles', async () => {
      expectUnauthenticated(await get('/admin', 'garbage'), 'Bearer realm="platform", error="invalid_token"');
    });
  });

  describe('key rotation and outages', () => {
    it('accepts a token of a new key once the JWKS serves it', async () => {
      const token = mintAccessToken(key2);
      expect((await get('/me', token)).status).toBe(401);
      jwks.body = { keys: [key1.jwk, key2.jwk] };
      expect((await get('/me', token)).status).toBe(200);
    });

    it('answers 503 dependency-unavailable when the JWKS is down and the key unknown', async () => {
      await jwks.close();
      const response = await get('/me', mintAccessToken(generateSigningKey('key-3')));
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ type: 'urn:problem-type:dependency-unavailable' });
      expect(response.raw).not.toContain('127.0.0.1');
      expect((await get('/me', mintAccessToken(key1))).status).toBe(200); // cached keys keep working
    });
  });
});
