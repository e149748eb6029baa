import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { argon2id, hash, needsRehash, verify } from 'argon2';
import { randomBytes } from 'node:crypto';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';

/** OWASP's minimum for argon2id (Password Storage Cheat Sheet): m=19 MiB, t=2, p=1. */
export const OWASP_ARGON2ID_MINIMUM = { memoryKiB: 19_456, iterations: 2, parallelism: 1 } as const;

/**
 * argon2id hashing. A login for an unknown e-mail verifies against a dummy hash with the same
 * parameters, so it takes as long as a wrong password and the timing tells nothing.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash = '';

  constructor(@Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hash(randomBytes(16).toString('base64url'));
  }

  hash(password: string): Promise<string> {
    const { memoryKiB, iterations, parallelism } = this.options.argon2;
    return hash(password, { type: argon2id, memoryCost: memoryKiB, timeCost: iterations, parallelism });
  }

  /** False for a malformed hash too: a corrupt row must not be a way in. */
  async verify(passwordHash: string | undefined, password: string): Promise<boolean> {
    try {
      const matches = await verify(passwordHash ?? this.dummyHash, password);
      return matches && passwordHash !== undefined;
    } catch {
      return false;
    }
  }

  /** Whether a stored hash uses weaker parameters than configured now (rehash on next login). */
  isOutdated(passwordHash: string): boolean {
    const { memoryKiB, iterations, parallelism } = this.options.argon2;
    return needsRehash(passwordHash, { memoryCost: memoryKiB, timeCost: iterations, parallelism });
  }
}
