import { type Role } from '@platform/contracts';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { UserAccountEntity, type UserAccountStatus } from './user-account.entity';

export interface UserAccountState {
  userId: string;
  email: string | null;
  status: UserAccountStatus;
  /** Null keeps the stored role (a deletion carries none). */
  role: Role | null;
  userVersion: number;
}

@Injectable()
export class UserAccountsRepository {
  constructor(@InjectRepository(UserAccountEntity) private readonly accounts: Repository<UserAccountEntity>) {}

  findById(userId: string): Promise<UserAccountEntity | null> {
    return this.accounts.findOneBy({ userId });
  }

  /** The stored role of a user, locked for the caller's transaction (undefined when unknown). */
  async lockedRoleOf(userId: string, manager: EntityManager): Promise<Role | undefined> {
    const rows: { role: Role }[] = await manager.query(`SELECT role FROM user_accounts WHERE user_id = $1 FOR UPDATE`, [
      userId,
    ]);
    return rows[0]?.role;
  }

  /**
   * Stores `state` unless a state of the same or a newer version is already stored, in one
   * statement, so redelivered, duplicated or reordered events converge on the newest state.
   * A deletion keeps the last known e-mail. Returns whether anything changed. Pass `manager`
   * to run inside the caller's transaction.
   */
  async applyIfNewer(state: UserAccountState, manager?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await (manager ?? this.accounts.manager).query(
      `INSERT INTO user_accounts (user_id, email, status, user_version, role)
       VALUES ($1, $2, $3, $4, COALESCE($5::varchar, 'user'))
       ON CONFLICT (user_id) DO UPDATE
         SET email = COALESCE(EXCLUDED.email, user_accounts.email),
             status = EXCLUDED.status,
             role = COALESCE($5::varchar, user_accounts.role),
             user_version = EXCLUDED.user_version,
             updated_at = now()
         WHERE user_accounts.user_version < EXCLUDED.user_version
       RETURNING user_id`,
      [state.userId, state.email, state.status, state.userVersion, state.role],
    );
    return rows.length > 0;
  }
}
