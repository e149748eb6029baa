import { Injectable } from '@nestjs/common';
import { UsersEvents, type Role } from '@platform/contracts';
import {
  USERS_EMAIL_UNIQUE,
  UsersRepository,
  type UserEntity,
  type UserListPage,
  type UserListQuery,
} from '@platform/users-data-access';
import { OutboxRecorder, OutboxRelay } from '@platform/util-messaging';
import { isUniqueViolation } from '@platform/util-persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { ifMatchAllows } from './http/etag';
import { toUserDeleted, toUserSnapshot } from './user.mapper';
import { UserEmailTakenError, UserNotFoundError, UserVersionMismatchError } from './users.errors';

export interface UserChanges {
  email?: string;
  name?: string;
  role?: Role;
}

export interface NewUser {
  email: string;
  name: string;
  role?: Role;
  /** A caller-chosen id makes creation idempotent (see createOnce). */
  id?: string;
}

/**
 * The users use cases, in the domain's terms: failures are UsersErrors (users.errors.ts), which
 * the HTTP layer maps to problems in one place. Every write and the event describing it are committed in one
 * transaction (the event goes to the outbox), so an event is published if and only if the
 * change happened; the relay is woken after the commit to publish it at once.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly outbox: OutboxRecorder,
    private readonly relay: OutboxRelay,
  ) {}

  list(query: UserListQuery): Promise<UserListPage<UserEntity>> {
    return this.users.findPage(query);
  }

  async get(id: string): Promise<UserEntity> {
    return (await this.users.findById(id)) ?? this.notFound(id);
  }

  create(input: NewUser): Promise<UserEntity> {
    return this.write(async (manager) => {
      const user = await this.users.insert(manager, input);
      const occurredAt = new Date();
      await this.outbox.record(manager, {
        type: UsersEvents.UserCreated,
        aggregateId: user.id,
        payload: toUserSnapshot(user, occurredAt),
        occurredAt,
      });
      return user;
    });
  }

  /**
   * Creates the user with the id the caller chose, or returns it if an earlier delivery of the
   * same request already did: a retried or redelivered command must not fail or duplicate.
   */
  async createOnce(input: NewUser & { id: string }): Promise<UserEntity> {
    const existing = await this.users.findById(input.id);
    if (existing && existing.email === input.email) return existing;
    if (existing) throw new UserEmailTakenError();
    try {
      return await this.create(input);
    } catch (error) {
      // Two deliveries of the same request racing: the loser finds what the winner created.
      const winner = error instanceof UserEmailTakenError && (await this.users.findById(input.id));
      if (winner && winner.email === input.email) return winner;
      throw error;
    }
  }

  /** Applies `changes` (all fields for PUT, some for PATCH) if `ifMatch` allows; no change, no event. */
  update(id: string, changes: UserChanges, ifMatch?: string): Promise<UserEntity> {
    return this.write(async (manager) => {
      const user = await this.lockForWrite(manager, id, ifMatch);
      const changed = (Object.keys(changes) as (keyof UserChanges)[]).filter(
        (field) => changes[field] !== undefined && changes[field] !== user[field],
      );
      if (changed.length === 0) return user;
      Object.assign(user, Object.fromEntries(changed.map((field) => [field, changes[field]])));
      const saved = await this.users.save(manager, user);
      const occurredAt = new Date();
      await this.outbox.record(manager, {
        type: UsersEvents.UserUpdated,
        aggregateId: id,
        payload: toUserSnapshot(saved, occurredAt),
        occurredAt,
      });
      return saved;
    });
  }

  async delete(id: string, ifMatch?: string): Promise<void> {
    await this.write(async (manager) => {
      const user = await this.lockForWrite(manager, id, ifMatch);
      await this.users.remove(manager, user);
      const occurredAt = new Date();
      await this.outbox.record(manager, {
        type: UsersEvents.UserDeleted,
        aggregateId: id,
        payload: toUserDeleted(user, occurredAt),
        occurredAt,
      });
    });
  }

  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      const result = await this.dataSource.transaction(work);
      this.relay.wake();
      return result;
    } catch (error) {
      // A unique violation on the primary key is a concurrent createOnce of the same id.
      if (isUniqueViolation(error, USERS_EMAIL_UNIQUE) || isUniqueViolation(error, 'users_pkey'))
        throw new UserEmailTakenError();
      throw error;
    }
  }

  private async lockForWrite(manager: EntityManager, id: string, ifMatch: string | undefined): Promise<UserEntity> {
    const user = (await this.users.lockById(manager, id)) ?? this.notFound(id);
    if (ifMatch !== undefined && !ifMatchAllows(ifMatch, user.version)) {
      throw new UserVersionMismatchError(ifMatch, user.version);
    }
    return user;
  }

  private notFound(id: string): never {
    throw new UserNotFoundError(id);
  }
}
