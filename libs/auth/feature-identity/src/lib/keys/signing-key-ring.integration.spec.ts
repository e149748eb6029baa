import { ROLES } from '@platform/contracts';
import { Test, type TestingModule } from '@nestjs/testing';
import { authDataSourceOptions, AuthDataAccessModule } from '@platform/auth-data-access';
import { createTestDatabase, type TestDatabase } from '@platform/testing';
import { InvalidTokenError, verifyAccessToken } from '@platform/util-auth';
import { openDatabase, PersistenceModule } from '@platform/util-persistence';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';
import { AccessTokenIssuer } from '../tokens/access-token.issuer';
import { SigningKeyRing } from './signing-key-ring';

const DAY = 86_400;

describe('SigningKeyRing against the real PostgreSQL', () => {
  let database: TestDatabase;
  const modules: TestingModule[] = [];
  const options = {
    issuer: 'platform-auth',
    audience: 'platform-api',
    clockToleranceSeconds: 30,
    accessTokenTtlSeconds: 300,
    signingKeyRotationSeconds: DAY,
    keyEncryptionKey: randomBytes(32),
  } as IdentityOptions;
  const policy = { issuer: options.issuer, audience: options.audience, clockToleranceSeconds: 30, roles: ROLES };

  /** One auth instance: its own key ring over the shared database. */
  async function instance(keyEncryptionKey = options.keyEncryptionKey) {
    const module = await Test.createTestingModule({
      imports: [
        PersistenceModule.forRoot(await openDatabase(authDataSourceOptions(database.url, 2))),
        AuthDataAccessModule,
      ],
      providers: [
        { provide: IDENTITY_OPTIONS, useValue: { ...options, keyEncryptionKey } },
        SigningKeyRing,
        AccessTokenIssuer,
      ],
    }).compile();
    try {
      await module.init();
    } catch (error) {
      await module.get(DataSource).destroy();
      throw error;
    }
    modules.push(module);
    return { ring: module.get(SigningKeyRing), issuer: module.get(AccessTokenIssuer) };
  }

  beforeAll(async () => {
    database = await createTestDatabase('it_auth_keys');
  });

  afterAll(async () => {
    await Promise.all(modules.map((module) => module.close()));
    await database.drop();
  });

  it('creates one key for several instances starting together, stored sealed', async () => {
    const [a, b] = await Promise.all([instance(), instance()]);
    expect(a.ring.current().kid).toBe(b.ring.current().kid);
    const rows = await database.query<{ private_key_encrypted: string }>(
      `SELECT private_key_encrypted FROM signing_keys`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].private_key_encrypted).toMatch(/^v1\./);
    expect(rows[0].private_key_encrypted).not.toContain('PRIVATE KEY');
  });

  it('rotates: the new key signs, the old one verifies until its tokens have expired, then goes', async () => {
    const { ring, issuer } = await instance();
    const old = ring.current().kid;
    const oldToken = (await issuer.issue(randomUUID(), 'user', randomUUID())).token;

    const rotationTime = new Date(Date.now() + (DAY + 1) * 1000);
    await ring.rotateIfDue(rotationTime);
    expect(ring.current().kid).not.toBe(old);
    expect(ring.jwks().keys.map((key) => key['kid'])).toEqual([ring.current().kid, old]);
    await expect(verifyAccessToken(oldToken, ring, policy)).resolves.toMatchObject({ role: 'user' });

    // Another instance picks the new key up when it meets its kid.
    const other = await instance();
    await expect(other.ring.resolve(ring.current().kid)).resolves.toBeDefined();

    // Once every token the old key signed has expired (plus margin), it is withdrawn and deleted.
    await ring.rotateIfDue(new Date(rotationTime.getTime() + (300 + 30 + 61) * 1000));
    expect(ring.jwks().keys.map((key) => key['kid'])).not.toContain(old);
    expect(await database.query(`SELECT 1 FROM signing_keys WHERE kid = $1`, [old])).toEqual([]);
    await expect(ring.resolve(old)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses to start with another key-encryption key, naming the variable', async () => {
    await expect(instance(randomBytes(32))).rejects.toThrow(/AUTH_KEY_ENCRYPTION_KEY cannot open signing key/);
  });
});
