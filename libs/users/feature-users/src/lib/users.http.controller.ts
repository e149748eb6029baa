import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
  UseFilters,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { UserDto, Roles } from '@platform/contracts';
import type { UserSortField } from '@platform/users-data-access';
import { CurrentCaller, RequireRole, type Caller } from '@platform/util-auth';
import { ApiProblemResponses } from '@platform/util-http';
import type { FastifyReply } from 'fastify';
import {
  CreateUserRequestDto,
  ListUsersQueryDto,
  PatchUserRequestDto,
  ReplaceUserRequestDto,
  UserPageResponseDto,
} from './dto';
import { CanonicalUuidPipe } from './http/canonical-uuid.pipe';
import { etagOf } from './http/etag';
import { IfMatch, IfMatchHeader } from './http/if-match';
import { UserResource } from './http/user-resource';
import { ETAG_HEADER_DOC, LOCATION_HEADER_DOC } from './http/user-responses';
import { toUserDto } from './user.mapper';
import { UsersProblemFilter } from './http/users-problem.filter';
import { UsersService } from './users.service';

/** The id in lower case, so the owner check and the repository see one spelling. */
const uuid = new CanonicalUuidPipe('id');

const ETAG = ETAG_HEADER_DOC;

/** What the `uuid` pipe accepts, as documented. */
const UserIdParam = () =>
  ApiParam({
    name: 'id',
    schema: { type: 'string', format: 'uuid', maxLength: 36 },
    description: 'The id of the user',
  });

/**
 * Users by id. Listing and creating are for admins; one user is for that user or an admin,
 * and anyone else gets the 404 a missing user gets (no existence oracle).
 */
@ApiTags('users')
@ApiBearerAuth()
@UseFilters(UsersProblemFilter)
@Controller({ path: 'users', version: '1' })
export class UsersHttpController {
  constructor(
    private readonly users: UsersService,
    private readonly user: UserResource,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List users', description: 'Paginated, sortable, filterable by e-mail and name.' })
  @ApiOkResponse({ type: UserPageResponseDto })
  @RequireRole(Roles.Admin)
  @ApiProblemResponses(400, 401, 403)
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
  @ApiOperation({
    summary: 'Get a user',
    description: 'Yourself, or anyone for an admin; others get 404 as if the user did not exist.',
  })
  @UserIdParam()
  @ApiOkResponse({ type: UserDto, headers: ETAG })
  @ApiNotModifiedResponse({ description: 'If-None-Match named the current version' })
  @ApiProblemResponses(400, 401, 404)
  get(
    @CurrentCaller() caller: Caller,
    @Param('id', uuid) id: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserDto | undefined> {
    return this.user.get(caller, id, ifNoneMatch, reply);
  }

  @Post()
  @ApiOperation({
    summary: 'Create a user',
    description: 'Admins only. Answers with the new user, its ETag and its Location.',
  })
  @ApiCreatedResponse({ type: UserDto, headers: { ...ETAG, ...LOCATION_HEADER_DOC } })
  @RequireRole(Roles.Admin)
  @ApiProblemResponses(400, 401, 403, { status: 409, detail: 'A user with this e-mail already exists' })
  async create(@Body() body: CreateUserRequestDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<UserDto> {
    const user = await this.users.create({ email: body.email, name: body.name, role: body.role });
    reply.header('etag', etagOf(user.version)).header('location', `/v1/users/${user.id}`);
    return toUserDto(user);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace a user', description: 'Every modifiable field must be given.' })
  @UserIdParam()
  @IfMatchHeader()
  @ApiOkResponse({ type: UserDto, headers: ETAG })
  @ApiProblemResponses(400, 401, 404, { status: 409, detail: 'A user with this e-mail already exists' }, 412)
  replace(
    @CurrentCaller() caller: Caller,
    @Param('id', uuid) id: string,
    @Body() body: ReplaceUserRequestDto,
    @IfMatch() ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserDto> {
    return this.user.update(caller, id, body, ifMatch, reply);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change some fields of a user',
    description: 'Fields left out keep their value; null is refused.',
  })
  @UserIdParam()
  @IfMatchHeader()
  @ApiOkResponse({ type: UserDto, headers: ETAG })
  @ApiProblemResponses(400, 401, 404, { status: 409, detail: 'A user with this e-mail already exists' }, 412)
  patch(
    @CurrentCaller() caller: Caller,
    @Param('id', uuid) id: string,
    @Body() body: PatchUserRequestDto,
    @IfMatch() ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserDto> {
    return this.user.update(caller, id, body, ifMatch, reply);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Delete a user',
    description: 'Also ends every session of the user: auth revokes them when it hears of the deletion.',
  })
  @UserIdParam()
  @IfMatchHeader()
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblemResponses(400, 401, 404, 412)
  async delete(
    @CurrentCaller() caller: Caller,
    @Param('id', uuid) id: string,
    @IfMatch() ifMatch: string | undefined,
  ): Promise<void> {
    await this.user.delete(caller, id, ifMatch);
  }
}
