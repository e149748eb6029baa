import { Injectable } from '@nestjs/common';
import type { JsonWebKey } from 'node:crypto';
import { DataSource } from 'typeorm';

export interface StoredSigningKey {
  kid: string;
  algorithm: string;
  publicJwk: JsonWebKey;
  /** AES-256-GCM envelope of the PKCS#8 private key; see the key ring for the format. */
  privateKeyEncrypted: string;
  createdAt: Date;
}

/** Advisory-lock id under which one auth instance at a time may create a key. */
const KEY_CREATION_LOCK = 7_324_001;

/** Signing keys, newest first. Private keys are only ever stored encrypted. */
@Injectable()
export class SigningKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  listNewestFirst(): Promise<StoredSigningKey[]> {
    return this.dataSource.query(
      `SELECT kid, algorithm, public_jwk AS "publicJwk", private_key_encrypted AS "privateKeyEncrypted", created_at AS "createdAt"
         FROM signing_keys ORDER BY created_at DESC, kid DESC`,
    );
  }

  /**
   * Runs `create` only if no key newer than `newerThan` exists (stamping it `createdAt`, the
   * caller's clock, which also decides when keys retire), holding a transaction-level
   * advisory lock so several instances starting together create one key, not one each.
   */
  async insertUnlessNewerExists(
    newerThan: Date,
    create: () => Omit<StoredSigningKey, 'createdAt'>,
    createdAt = new Date(),
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock($1)`, [KEY_CREATION_LOCK]);
      const fresh: unknown[] = await manager.query(`SELECT 1 FROM signing_keys WHERE created_at > $1 LIMIT 1`, [
        newerThan,
      ]);
      if (fresh.length > 0) return false;
      const key = create();
      await manager.query(
        `INSERT INTO signing_keys (kid, algorithm, public_jwk, private_key_encrypted, created_at) VALUES ($1, $2, $3, $4, $5)`,
        [key.kid, key.algorithm, JSON.stringify(key.publicJwk), key.privateKeyEncrypted, createdAt],
      );
      return true;
    });
  }

  async deleteByKids(kids: string[]): Promise<void> {
    if (kids.length > 0) await this.dataSource.query(`DELETE FROM signing_keys WHERE kid = ANY($1)`, [kids]);
  }
}
