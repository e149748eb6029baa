import { generateKeyPairSync, randomUUID, sign as cryptoSign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ACCESS_TOKEN_TYPE, type AccessTokenClaims, type AccessTokenPolicy } from '../access-token';

/** Test-only: how auth mints tokens, so verification is proven against real signatures. */

export const testPolicy: AccessTokenPolicy = {
  issuer: 'platform-auth',
  audience: 'platform-api',
  clockToleranceSeconds: 30,
  roles: ['user', 'admin'],
};

export interface TestSigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwk: JsonWebKey & { kid: string; alg: string; use: string };
}

export function generateSigningKey(kid: string = randomUUID()): TestSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid, privateKey, publicKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' } };
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

export function accessTokenClaims(
  overrides: Partial<Record<keyof AccessTokenClaims, unknown>> = {},
): Record<string, unknown> {
  const iat = nowSeconds();
  const claims = {
    iss: testPolicy.issuer,
    aud: testPolicy.audience,
    sub: randomUUID(),
    role: 'user',
    jti: randomUUID(),
    iat,
    exp: iat + 600,
    ...overrides,
  };
  // An override of `undefined` removes the claim.
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token assembled by hand, for forgeries no JWT library produces (alg none, HS256 with a public key). */
export function forgeToken(header: object, claims: object, signature: (signingInput: string) => string): string {
  const signingInput = `${base64url(header)}.${base64url(claims)}`;
  return `${signingInput}.${signature(signingInput)}`;
}

/**
 * An ES256 access token signed with node:crypto rather than a JWT library, so the claims are
 * exactly the ones given and signing shares no code with verification. `header` overrides
 * (or, with undefined, removes) header fields.
 */
export function mintAccessToken(
  key: TestSigningKey,
  claims: Record<string, unknown> = accessTokenClaims(),
  header: Record<string, unknown> = {},
): string {
  const fullHeader = Object.fromEntries(
    Object.entries({ alg: 'ES256', typ: ACCESS_TOKEN_TYPE, kid: key.kid, ...header }).filter(
      ([, value]) => value !== undefined,
    ),
  );
  return forgeToken(fullHeader, claims, (input) =>
    cryptoSign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url'),
  );
}

/** A JWKS endpoint on 127.0.0.1 whose answer a test changes between requests. */
export interface JwksServer {
  url: string;
  /** Requests served so far. */
  requests: number;
  /** The JSON body to serve, a raw string, or 'hang' to never answer. */
  body: unknown;
  status: number;
  close(): Promise<void>;
}

export async function startJwksServer(keys: TestSigningKey[] = []): Promise<JwksServer> {
  const server: Server = createServer((_request, response) => {
    state.requests += 1;
    if (state.body === 'hang') return;
    response.writeHead(state.status, { 'content-type': 'application/json' });
    response.end(typeof state.body === 'string' ? state.body : JSON.stringify(state.body));
  });
  const state: JwksServer = {
    url: '',
    requests: 0,
    body: { keys: keys.map((key) => key.jwk) },
    status: 200,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  return state;
}
