import { type Role } from '@platform/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** What a login needs about an account: who, what role, and the hash to check. */
export interface LoginAccount {
  userId: string;
  role: Role;
  passwordHash: string;
}

/** Password hashes by user id. Never leaves auth; never logged. */
@Injectable()
export class CredentialsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async save(userId: string, passwordHash: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO credentials (user_id, password_hash) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET password_hash = EXCLUDED.password_hash, updated_at = now()`,
      [userId, passwordHash],
    );
  }

  async delete(userId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM credentials WHERE user_id = $1`, [userId]);
  }

  async exists(userId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM credentials WHERE user_id = $1`, [userId]);
    return rows.length > 0;
  }

  /** The active account that logs in with `email`, if any; a deleted user has none. */
  async findActiveByEmail(email: string): Promise<LoginAccount | undefined> {
    const rows: LoginAccount[] = await this.dataSource.query(
      `SELECT a.user_id AS "userId", a.role, c.password_hash AS "passwordHash"
         FROM user_accounts a JOIN credentials c ON c.user_id = a.user_id
        WHERE a.email = $1 AND a.status = 'active'
        ORDER BY a.updated_at DESC LIMIT 1`,
      [email],
    );
    return rows[0];
  }

  async findActiveById(userId: string): Promise<LoginAccount | undefined> {
    const rows: LoginAccount[] = await this.dataSource.query(
      `SELECT a.user_id AS "userId", a.role, c.password_hash AS "passwordHash"
         FROM user_accounts a JOIN credentials c ON c.user_id = a.user_id
        WHERE a.user_id = $1 AND a.status = 'active'`,
      [userId],
    );
    return rows[0];
  }
}
