import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { UserEntity } from './user.entity';
import type { UserListPage, UserListQuery } from './user-list.query';

/** Escapes LIKE wildcards so a name filter matches them literally. */
export const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Reads and writes users. Methods taking an EntityManager run inside the caller's transaction. */
@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  async findPage(query: UserListQuery): Promise<UserListPage<UserEntity>> {
    const builder = this.users
      .createQueryBuilder('user')
      // Names sort case-insensitively whatever the database collation (C sorts "Bob" before "alice").
      .orderBy(query.sortBy === 'name' ? 'LOWER(user.name)' : `user.${query.sortBy}`, query.direction)
      .addOrderBy('user.id', query.direction)
      .limit(query.limit)
      .offset(query.offset);
    if (query.email) builder.andWhere('user.email = :email', { email: query.email.toLowerCase() });
    if (query.nameContains) {
      builder.andWhere(`user.name ILIKE :name ESCAPE '\\'`, { name: `%${escapeLike(query.nameContains)}%` });
    }
    const [items, total] = await builder.getManyAndCount();
    return { items, total };
  }

  /** Loads a user and locks its row until the transaction ends, so version checks cannot race. */
  lockById(manager: EntityManager, id: string): Promise<UserEntity | null> {
    return manager.getRepository(UserEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  insert(
    manager: EntityManager,
    user: Pick<UserEntity, 'email' | 'name'> & Partial<Pick<UserEntity, 'id' | 'role'>>,
  ): Promise<UserEntity> {
    const repository = manager.getRepository(UserEntity);
    return repository.save(repository.create(user));
  }

  save(manager: EntityManager, user: UserEntity): Promise<UserEntity> {
    return manager.getRepository(UserEntity).save(user);
  }

  async remove(manager: EntityManager, user: UserEntity): Promise<void> {
    await manager.getRepository(UserEntity).delete({ id: user.id });
  }
}
