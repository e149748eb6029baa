import { HttpStatus } from '@nestjs/common';
import type { UserDto } from '@platform/contracts';
import type { UserEntity } from '@platform/users-data-access';
import type { FastifyReply } from 'fastify';
import { toUserDto } from '../user.mapper';
import { etagOf, ifNoneMatchHits } from './etag';

/** `etagOf` of an int32 version: at most 10 digits in quotes. */
export const ETAG_HEADER_DOC = {
  ETag: {
    description: 'Version of the user, for If-Match and If-None-Match',
    schema: { type: 'string', pattern: '^"[0-9]{1,10}"$', maxLength: 12, example: '"1"' },
  },
};

export const LOCATION_HEADER_DOC = {
  Location: {
    description: 'Path of the new user',
    schema: {
      type: 'string',
      format: 'uri-reference',
      maxLength: 64,
      example: '/api/v1/users/0b9f1f9e-3c1a-4bde-9d1e-6f1c2b1e8a55',
    },
  },
};

/** The user a write produced, with its ETag so the client can chain the next conditional write. */
export async function replyWithUser(reply: FastifyReply, write: Promise<UserEntity>): Promise<UserDto> {
  const user = await write;
  reply.header('etag', etagOf(user.version));
  return toUserDto(user);
}

/** A read user with its ETag, or 304 with no body when If-None-Match names its version. */
export function replyWithReadUser(
  reply: FastifyReply,
  user: UserEntity,
  ifNoneMatch: string | undefined,
): UserDto | undefined {
  reply.header('etag', etagOf(user.version));
  if (ifNoneMatchHits(ifNoneMatch, user.version)) {
    reply.code(HttpStatus.NOT_MODIFIED);
    return undefined;
  }
  return toUserDto(user);
}
