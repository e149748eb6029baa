import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { UserDto } from '@platform/contracts';
import { CurrentCaller, type Caller } from '@platform/util-auth';
import { ApiProblemResponses, Public } from '@platform/util-http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ChangePasswordRequestDto,
  LoginRequestDto,
  RefreshRequestDto,
  RegisterRequestDto,
  TokenResponseDto,
} from '../dto';
import { RegistrationService } from '../registration/registration.service';
import { SessionsService } from '../sessions/sessions.service';

const TOO_MANY = { status: 429, detail: 'Too many attempts from your address. Retry after 42 s.' };

/** Tokens must not be stored by any cache on the way (RFC 6749 §5.1). */
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

@ApiTags('auth')
@Controller({ path: 'auth', version: '1' })
export class AuthHttpController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly sessions: SessionsService,
  ) {}

  @Public()
  @Post('register')
  @ApiOperation({
    summary: 'Create an account',
    description: 'Creates the user (role user) and its password. Log in afterwards.',
  })
  @ApiCreatedResponse({
    type: UserDto,
    headers: {
      Location: {
        description: 'Path of the new user',
        schema: { type: 'string', format: 'uri-reference', maxLength: 64 },
      },
    },
  })
  @ApiProblemResponses(400, { status: 409, detail: 'A user with this e-mail already exists' }, TOO_MANY, 503)
  async register(
    @Body() body: RegisterRequestDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserDto> {
    await this.sessions.countAttempt(request.ip);
    const user = await this.registration.register(body);
    reply.header('location', `/v1/users/${user.id}`);
    return user;
  }

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Log in', description: 'Returns an access token and a single-use refresh token.' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiProblemResponses(400, { status: 401, detail: 'The e-mail or the password is wrong.' }, TOO_MANY)
  login(
    @Body() body: LoginRequestDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponseDto> {
    noStore(reply);
    return this.sessions.login(body.email, body.password, request.ip);
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Exchange a refresh token',
    description: 'The token is used up; reusing it ends the whole session.',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiProblemResponses(400, { status: 401, detail: 'The refresh token is invalid, expired or revoked. Log in again.' })
  refresh(@Body() body: RefreshRequestDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenResponseDto> {
    noStore(reply);
    return this.sessions.refresh(body.refreshToken);
  }

  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Log out',
    description: 'Revokes the session of the refresh token (every token rotated from the same login).',
  })
  @ApiNoContentResponse({ description: 'Logged out (also when the token was unknown)' })
  @ApiProblemResponses(400)
  logout(@Body() body: RefreshRequestDto): Promise<void> {
    return this.sessions.logout(body.refreshToken);
  }

  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Change my password',
    description: 'Ends every session of the user; log in again with the new password.',
  })
  @ApiNoContentResponse({ description: 'Changed' })
  @ApiProblemResponses(400, 401, TOO_MANY)
  changePassword(
    @CurrentCaller() caller: Caller,
    @Body() body: ChangePasswordRequestDto,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    return this.sessions.changePassword(caller.id, body.currentPassword, body.newPassword, request.ip);
  }
}
