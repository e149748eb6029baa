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
import { assertMaySetRole } from './access/user-access.policy';
import { PatchUserRequestDto, ReplaceUserRequestDto } from './dto';
import { IfMatch, IfMatchHeader } from './http/if-match';
import { ETAG_HEADER_DOC, replyWithReadUser, replyWithUser } from './http/user-responses';
import { UsersProblemFilter } from './http/users-problem.filter';
import { UsersService } from './users.service';

const CONFLICT = { status: 409, detail: 'A user with this e-mail already exists' };

/** The caller's own user, whoever they are: the id comes from the access token, never the path. */
@ApiTags('users')
@ApiBearerAuth()
@UseFilters(UsersProblemFilter)
@Controller({ path: 'users/me', version: '1' })
export class UsersMeHttpController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Get my user', description: 'The user named by the access token.' })
  @ApiOkResponse({ type: UserDto, headers: ETAG_HEADER_DOC })
  @ApiNotModifiedResponse({ description: 'If-None-Match named the current version' })
  @ApiProblemResponses(401, 404)
  async get(
    @CurrentCaller() caller: Caller,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserDto | undefined> {
    return replyWithReadUser(reply, await this.users.get(caller.id), ifNoneMatch);
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
    assertMaySetRole(caller, body.role);
    return replyWithUser(
      reply,
      this.users.update(caller.id, { email: body.email, name: body.name, role: body.role }, ifMatch),
    );
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
    assertMaySetRole(caller, body.role);
    return replyWithUser(
      reply,
      this.users.update(caller.id, { email: body.email, name: body.name, role: body.role }, ifMatch),
    );
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
    await this.users.delete(caller.id, ifMatch);
  }
}
