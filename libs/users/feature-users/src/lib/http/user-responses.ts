import { HttpStatus } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { UserDto } from '@platform/contracts';
import type { UserEntity } from '@platform/users-data-access';
import type { FastifyReply } from 'fastify';
import { toUserDto } from '../user.mapper';
import { etagOf, ifNoneMatchHits } from './etag';

export const ETAG_HEADER_DOC = {
  ETag: { description: 'Version of the user, for If-Match and If-None-Match', schema: { type: 'string', example: '"1"' } },
};

export const IfMatchHeader = () =>
  ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the version you read; a stale one gets 412' });

/** The user a write produced, with its ETag so the client can chain the next conditional write. */
export async function replyWithUser(reply: FastifyReply, write: Promise<UserEntity>): Promise<UserDto> {
  const user = await write;
  reply.header('etag', etagOf(user.version));
  return toUserDto(user);
}

/** A read user with its ETag, or 304 with no body when If-None-Match names its version. */
export function replyWithReadUser(reply: FastifyReply, user: UserEntity, ifNoneMatch: string | undefined): UserDto | undefined {
  reply.header('etag', etagOf(user.version));
  if (ifNoneMatchHits(ifNoneMatch, user.version)) {
    reply.code(HttpStatus.NOT_MODIFIED);
    return undefined;
  }
  return toUserDto(user);
}
