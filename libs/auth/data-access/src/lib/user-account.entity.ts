import { type Role } from '@platform/contracts';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type UserAccountStatus = 'active' | 'deleted';

/**
 * Auth's own copy of each user's identity, kept from users' events: the login name (e-mail)
 * and whether the user still exists. `userVersion` is the users service's row version of the
 * last event applied, so an old or repeated event changes nothing.
 */
@Entity({ name: 'user_accounts' })
export class UserAccountEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** Null only when the deletion arrived before any other event of the user. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: UserAccountStatus;

  /** The role users last reported; what the next access token carries. */
  @Column({ type: 'varchar', length: 16, default: 'user' })
  role!: Role;

  @Column({ name: 'user_version', type: 'int' })
  userVersion!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
