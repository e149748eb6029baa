import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export type RevocationReason = 'logout' | 'reuse-detected' | 'password-changed' | 'user-deleted';

/** What presenting a refresh token led to. */
export type RotationOutcome =
  | { kind: 'rotated'; userId: string; familyId: string }
  /** The token was already used: someone holds a copy. The whole family is now revoked. */
  | { kind: 'reused'; userId: string; familyId: string }
  /** Unknown, expired, or of a revoked family. */
  | { kind: 'invalid' };

interface TokenRow {
  familyId: string;
  userId: string;
  expired: boolean;
  used: boolean;
  revoked: boolean;
}

/**
 * Refresh-token families (one per login). Each use of a token marks it used and adds its
 * successor to the family, under a row lock, so two concurrent uses of one token cannot both
 * succeed: the second sees it used and revokes the family (RFC 9700 §4.14.2).
 */
@Injectable()
export class RefreshTokensRepository {
  constructor(private readonly dataSource: DataSource) {}

  async startFamily(userId: string, tokenHash: Buffer, expiresAt: Date): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const [family]: { id: string }[] = await manager.query(
        `INSERT INTO refresh_token_families (user_id) VALUES ($1) RETURNING id`,
        [userId],
      );
      await this.addToken(manager, family.id, tokenHash, expiresAt);
      return family.id;
    });
  }

  rotate(tokenHash: Buffer, successorHash: Buffer, successorExpiresAt: Date): Promise<RotationOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.lockToken(manager, tokenHash);
      if (!row || row.revoked || row.expired) return { kind: 'invalid' };
      if (row.used) {
        await this.revokeFamily(manager, row.familyId, 'reuse-detected');
        return { kind: 'reused', userId: row.userId, familyId: row.familyId };
      }
      await manager.query(`UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1`, [tokenHash]);
      await this.addToken(manager, row.familyId, successorHash, successorExpiresAt);
      return { kind: 'rotated', userId: row.userId, familyId: row.familyId };
    });
  }

  /**
   * Revokes the family of a token (logout) inside the caller's transaction; returns the family
   * and its user, or undefined for an unknown token.
   */
  async revokeFamilyOfToken(
    tokenHash: Buffer,
    reason: RevocationReason,
    manager: EntityManager,
  ): Promise<{ userId: string; familyId: string } | undefined> {
    const row = await this.lockToken(manager, tokenHash);
    if (!row) return undefined;
    await this.revokeFamily(manager, row.familyId, reason);
    return { userId: row.userId, familyId: row.familyId };
  }

  /** Revokes every live family of a user; returns their ids. */
  async revokeAllOfUser(
    userId: string,
    reason: RevocationReason,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [rows]: [{ id: string }[], number] = await manager.query(
      `UPDATE refresh_token_families SET revoked_at = now(), revoked_reason = $2
        WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
      [userId, reason],
    );
    return rows.map((row) => row.id);
  }

  private async lockToken(manager: EntityManager, tokenHash: Buffer): Promise<TokenRow | undefined> {
    const rows: TokenRow[] = await manager.query(
      `SELECT t.family_id AS "familyId", f.user_id AS "userId", t.expires_at <= now() AS expired,
              t.used_at IS NOT NULL AS used, f.revoked_at IS NOT NULL AS revoked
         FROM refresh_tokens t JOIN refresh_token_families f ON f.id = t.family_id
        WHERE t.token_hash = $1
        FOR UPDATE OF t, f`,
      [tokenHash],
    );
    return rows[0];
  }

  private async addToken(manager: EntityManager, familyId: string, tokenHash: Buffer, expiresAt: Date): Promise<void> {
    await manager.query(`INSERT INTO refresh_tokens (token_hash, family_id, expires_at) VALUES ($1, $2, $3)`, [
      tokenHash,
      familyId,
      expiresAt,
    ]);
  }

  private async revokeFamily(manager: EntityManager, familyId: string, reason: RevocationReason): Promise<void> {
    await manager.query(
      `UPDATE refresh_token_families SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`,
      [familyId, reason],
    );
  }
}
