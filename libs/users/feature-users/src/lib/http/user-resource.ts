import { Injectable } from '@nestjs/common';
import type { UserDto } from '@platform/contracts';
import type { Caller } from '@platform/util-auth';
import type { FastifyReply } from 'fastify';
import { assertMayAccessUser, assertMaySetRole } from '../access/user-access.policy';
import type { PatchUserRequestDto, ReplaceUserRequestDto } from '../dto';
import { UsersService } from '../users.service';
import { replyWithReadUser, replyWithUser } from './user-responses';

/**
 * One user as a resource: read, replace, patch, delete, each with its access checks and its
 * conditional-request handling. `/users/{id}` and `/users/me` are two ways to name the user (the
 * path, or the caller's own id from the token); both controllers call these same handlers.
 */
@Injectable()
export class UserResource {
  constructor(private readonly users: UsersService) {}

  async get(caller: Caller, id: string, ifNoneMatch: string | undefined, reply: FastifyReply) {
    assertMayAccessUser(caller, id);
    return replyWithReadUser(reply, await this.users.get(id), ifNoneMatch);
  }

  /** PUT and PATCH alike: the DTOs differ in what they require, not in what a write does. */
  update(
    caller: Caller,
    id: string,
    body: ReplaceUserRequestDto | PatchUserRequestDto,
    ifMatch: string | undefined,
    reply: FastifyReply,
  ): Promise<UserDto> {
    assertMayAccessUser(caller, id);
    assertMaySetRole(caller, body.role);
    return replyWithUser(
      reply,
      this.users.update(id, { email: body.email, name: body.name, role: body.role }, ifMatch),
    );
  }

  async delete(caller: Caller, id: string, ifMatch: string | undefined): Promise<void> {
    assertMayAccessUser(caller, id);
    await this.users.delete(id, ifMatch);
  }
}
