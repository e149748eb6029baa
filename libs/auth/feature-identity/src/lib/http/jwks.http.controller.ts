import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@platform/util-http';
import type { JsonWebKey } from 'node:crypto';
import { JwksResponseDto } from '../dto';
import { SigningKeyRing } from '../keys/signing-key-ring';

@ApiTags('auth')
@Controller({ path: 'auth/.well-known', version: '1' })
export class JwksHttpController {
  constructor(private readonly keys: SigningKeyRing) {}

  @Public()
  @Get('jwks.json')
  // Short: verifiers refetch on an unknown kid anyway, so a new key is picked up at once.
  @Header('cache-control', 'public, max-age=60')
  @ApiOperation({
    summary: 'Public keys that verify access tokens',
    description: 'RFC 7517 JWK Set; old keys stay until their tokens expire.',
  })
  @ApiOkResponse({ type: JwksResponseDto })
  jwks(): { keys: JsonWebKey[] } {
    return this.keys.jwks();
  }
}
