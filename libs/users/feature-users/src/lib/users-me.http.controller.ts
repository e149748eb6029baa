import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Patch,
  Put,
  Res,
  UseFilters,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { UserDto } from '@platform/contracts';
import { CurrentCaller, type Caller } from '@platform/util-auth';
import { ApiProblemResponses } from '@platform/util-http';
import type { FastifyReply } from 'fastify';
import { PatchUserRequestDto, ReplaceUserRequestDto } from './dto';
import { IfMatch, IfMatchHeader } from './http/if-match';
import { UserResource } from './http/user-resource';
import { ETAG_HEADER_DOC } from './http/user-responses';
import { UsersProblemFilter } from './http/users-problem.filter';

const CONFLICT = { status: 409, detail: 'A user with this e-mail already exists' };

/**
 * The caller's own user, whoever they are: the id comes from the access token, never the path.
 * Routes and documentation only; the handlers are UserResource's, the same as `/users/{id}`'s.
 */
@ApiTags('users')
@ApiBearerAuth()
@UseFilters(UsersProblemFilter)
@Controller({ path: 'users/me', version: '1' })
export class UsersMeHttpController {
  constructor(private readonly user: UserResource) {}

  @Get()
  @ApiOperation({ summary: 'Get my user', description: 'The user named by the access token.' })
  @ApiOkResponse({ type: UserDto, headers: ETAG_HEADER_DOC })
  @ApiNotModifiedResponse({ description: 'If-None-Match named the current version' })
  @ApiProblemResponses(401, 404)
  get(
    @CurrentCaller() caller: Caller,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserDto | undefined> {
    return this.user.get(caller, caller.id, ifNoneMatch, reply);
  }

  @Put()
  @ApiOperation({
    summary: 'Replace my user',
    description: 'Every modifiable field must be given; only an admin may send a role.',
  })
  @IfMatchHeader()
  @ApiOkResponse({ type: UserDto, headers: ETAG_HEADER_DOC })
  @ApiProblemResponses(400, 401, 404, CONFLICT, 412)
  replace(
    @CurrentCaller() caller: Caller,
    @Body() body: ReplaceUserRequestDto,
    @IfMatch() ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserDto> {
    return this.user.update(caller, caller.id, body, ifMatch, reply);
  }

  @Patch()
  @ApiOperation({
    summary: 'Change some fields of my user',
    description: 'Fields left out keep their value; null is refused.',
  })
  @IfMatchHeader()
  @ApiOkResponse({ type: UserDto, headers: ETAG_HEADER_DOC })
  @ApiProblemResponses(400, 401, 404, CONFLICT, 412)
  patch(
    @CurrentCaller() caller: Caller,
    @Body() body: PatchUserRequestDto,
    @IfMatch() ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserDto> {
    return this.user.update(caller, caller.id, body, ifMatch, reply);
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Delete my user',
    description: 'Also ends every session: auth revokes them when it hears of the deletion.',
  })
  @IfMatchHeader()
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblemResponses(400, 401, 404, 412)
  async delete(@CurrentCaller() caller: Caller, @IfMatch() ifMatch: string | undefined): Promise<void> {
    await this.user.delete(caller, caller.id, ifMatch);
  }
}
