import { type Role } from '@platform/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

/** Name of the unique constraint on e-mail, so a violation can be told from others. */
export const USERS_EMAIL_UNIQUE = 'users_email_unique';

/** A user row. Stays inside the users service: responses are built from it by a mapper. */
@Entity({ name: 'users' })
@Unique(USERS_EMAIL_UNIQUE, ['email'])
export class UserEntity {
  /** Chosen by the database, or by the caller of the create command (idempotent retries). */
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stored lower-cased, so the unique constraint is case-insensitive. */
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 16, default: 'user' })
  role!: Role;

  /** Bumped by every write; the ETag clients send back in If-Match. */
  @VersionColumn()
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
