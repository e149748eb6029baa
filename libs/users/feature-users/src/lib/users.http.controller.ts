import { Body, Controller, Delete, Get, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiNotModifiedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UserDto } from '@platform/contracts';
import type { UserEntity, UserSortField } from '@platform/users-data-access';
import { ApiProblemResponses, validationProblem } from '@platform/util-http';
import type { FastifyReply } from 'fastify';
import { CreateUserRequestDto, ListUsersQueryDto, PatchUserRequestDto, ReplaceUserRequestDto, UserPageResponseDto } from './dto';
import { etagOf, ifNoneMatchHits } from './http/etag';
import { toUserDto } from './user.mapper';
import { UsersService } from './users.service';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => validationProblem([{ field: 'id', in: 'path', message: 'id must be a UUID' }]),
});

const IfMatchHeader = () => ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the version you read; a stale one gets 412' });
const ETAG = { ETag: { description: 'Version of the user, for If-Match and If-None-Match', schema: { type: 'string', example: '"1"' } } };

@ApiTags('users')
@Controller({ path: 'users', version: '1' })
export class UsersHttpController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'List users', description: 'Paginated, sortable, filterable by e-mail and name.' })
  @ApiOkResponse({ type: UserPageResponseDto })
  @ApiProblemResponses(400)
  async list(@Query() query: ListUsersQueryDto): Promise<UserPageResponseDto> {
    const descending = query.sort.startsWith('-');
    const page = await this.users.list({
      limit: query.limit,
      offset: query.offset,
      sortBy: query.sort.replace(/^-/, '') as UserSortField,
      direction: descending ? 'DESC' : 'ASC',
      email: query.email,
      nameContains: query.name,
    });
    return { items: page.items.map(toUserDto), total: page.total, limit: query.limit, offset: query.offset };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a user' })
  @ApiOkResponse({ type: UserDto, headers: ETAG })
  @ApiNotModifiedResponse({ description: 'If-None-Match named the current version' })
  @ApiProblemResponses(400, 404)
  async get(
    @Param('id', uuid) id: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserDto | undefined> {
    const user = await this.users.get(id);
    reply.header('etag', etagOf(user.version));
    if (ifNoneMatchHits(ifNoneMatch, user.version)) {
      reply.code(HttpStatus.NOT_MODIFIED);
      return undefined;
    }
    return toUserDto(user);
  }

  @Post()
  @ApiOperation({ summary: 'Create a user' })
  @ApiCreatedResponse({
    type: UserDto,
    headers: { ...ETAG, Location: { description: 'Path of the new user', schema: { type: 'string', example: '/api/v1/users/0b9f1f9e-3c1a-4bde-9d1e-6f1c2b1e8a55' } } },
  })
  @ApiProblemResponses(400, { status: 409, detail: 'A user with this e-mail already exists' })
  async create(@Body() body: CreateUserRequestDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<UserDto> {
    const user = await this.users.create({ email: body.email, name: body.name });
    reply.header('etag', etagOf(user.version)).header('location', `/v1/users/${user.id}`);
    return toUserDto(user);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace a user', description: 'Every modifiable field must be given.' })
  @IfMatchHeader()
  @ApiOkResponse({ type: UserDto, headers: ETAG })
  @ApiProblemResponses(400, 404, { status: 409, detail: 'A user with this e-mail already exists' }, 412)
  replace(
    @Param('id', uuid) id: string,
    @Body() body: ReplaceUserRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserDto> {
    return this.respond(reply, this.users.update(id, { email: body.email, name: body.name }, ifMatch));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change some fields of a user' })
  @IfMatchHeader()
  @ApiOkResponse({ type: UserDto, headers: ETAG })
  @ApiProblemResponses(400, 404, { status: 409, detail: 'A user with this e-mail already exists' }, 412)
  patch(
    @Param('id', uuid) id: string,
    @Body() body: PatchUserRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserDto> {
    return this.respond(reply, this.users.update(id, { email: body.email, name: body.name }, ifMatch));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a user' })
  @IfMatchHeader()
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblemResponses(400, 404, 412)
  async delete(@Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined): Promise<void> {
    await this.users.delete(id, ifMatch);
  }

  private async respond(reply: FastifyReply, update: Promise<UserEntity>): Promise<UserDto> {
    const user = await update;
    reply.header('etag', etagOf(user.version));
    return toUserDto(user);
  }
}
