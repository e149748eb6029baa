import { ApiProperty } from '@nestjs/swagger';
import { REFRESH_TOKEN_MAX_LENGTH, REFRESH_TOKEN_PATTERN } from '../tokens/refresh-token';

/** A compact JWS: three base64url parts. */
const JWS_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export class TokenResponseDto {
  @ApiProperty({
    description: 'Short-lived JWT for Authorization: Bearer',
    pattern: JWS_PATTERN.source,
    maxLength: 8_192,
  })
  accessToken!: string;

  @ApiProperty({
    description: 'Opaque, single-use: each refresh returns a new one',
    pattern: REFRESH_TOKEN_PATTERN.source,
    maxLength: REFRESH_TOKEN_MAX_LENGTH,
  })
  refreshToken!: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  // The bounds of AUTH_ACCESS_TOKEN_TTL_S.
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 30,
    maximum: 3_600,
    description: 'Seconds until the access token expires',
    example: 300,
  })
  expiresIn!: number;
}
