import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { SigningKeysRepository } from '@platform/auth-data-access';
import { InvalidTokenError, type PublicKeyResolver } from '@platform/util-auth';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';
import { KeyEncryption } from '@platform/util-auth';
import { generateSigningKey, SigningKey } from './signing-key';

const CHECK_EVERY_MS = 60_000;
/** An unknown kid reloads the keys at most this often, so forged kids cannot flood the database. */
const RELOAD_COOLDOWN_MS = 1_000;

/**
 * Auth's signing keys. The newest signs; a key that has been replaced stays published (and
 * verifying) until every token it signed has expired, then it is deleted. Every instance checks
 * each minute whether the newest key is older than the rotation interval; one of them (under an
 * advisory lock) creates the next key, and the others pick it up on their next reload.
 */
@Injectable()
export class SigningKeyRing implements PublicKeyResolver, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('SigningKeys');
  private readonly encryption: KeyEncryption;
  private keys: SigningKey[] = [];
  private lastReloadAt = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly repository: SigningKeysRepository,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {
    this.encryption = new KeyEncryption(options.keyEncryptionKey);
  }

  async onModuleInit(): Promise<void> {
    await this.rotateIfDue();
    // Fail at start-up, not at the first login, if the environment's key cannot open ours.
    this.current().signingKey();
    this.timer = setInterval(
      () => void this.rotateIfDue().catch((error: Error) => this.logger.warn(`key check failed: ${error.message}`)),
      CHECK_EVERY_MS,
    );
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Creates the next key when the newest is older than the rotation interval, then reloads. */
  async rotateIfDue(now = new Date()): Promise<void> {
    const dueBefore = new Date(now.getTime() - this.options.signingKeyRotationSeconds * 1000);
    const created = await this.repository.insertUnlessNewerExists(
      dueBefore,
      () => generateSigningKey(this.encryption),
      now,
    );
    await this.reload(now);
    if (created) this.logger.log(`new signing key ${this.current().kid}`);
  }

  /** The key that signs new tokens. */
  current(): SigningKey {
    if (!this.keys[0]) throw new Error('No signing key loaded');
    return this.keys[0];
  }

  jwks(): { keys: JsonWebKey[] } {
    return { keys: this.keys.map((key) => key.toJwk()) };
  }

  async resolve(kid: string): Promise<KeyObject> {
    let key = this.keys.find((candidate) => candidate.kid === kid);
    if (!key && Date.now() - this.lastReloadAt > RELOAD_COOLDOWN_MS) {
      await this.reload(new Date());
      key = this.keys.find((candidate) => candidate.kid === kid);
    }
    if (!key) throw new InvalidTokenError(`unknown signing key ${kid}`);
    return key.publicKey;
  }

  private async reload(now: Date): Promise<void> {
    this.lastReloadAt = now.getTime();
    const stored = await this.repository.listNewestFirst();
    // A replaced key verifies as long as a token it signed can be alive, plus a margin.
    const retentionMs =
      (this.options.accessTokenTtlSeconds + this.options.clockToleranceSeconds) * 1000 + CHECK_EVERY_MS;
    const published = stored.filter(
      (_, i) => i === 0 || stored[i - 1].createdAt.getTime() + retentionMs > now.getTime(),
    );
    const retired = stored.filter((key) => !published.includes(key)).map((key) => key.kid);
    const loaded = new Map(this.keys.map((key) => [key.kid, key]));
    this.keys = published.map((key) => loaded.get(key.kid) ?? new SigningKey(key, this.encryption));
    await this.repository.deleteByKids(retired);
  }
}
