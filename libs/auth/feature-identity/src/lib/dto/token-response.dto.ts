import { ApiProperty } from '@nestjs/swagger';

export class TokenResponseDto {
  @ApiProperty({ description: 'Short-lived JWT for Authorization: Bearer' })
  accessToken!: string;

  @ApiProperty({ description: 'Opaque, single-use: each refresh returns a new one' })
  refreshToken!: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Seconds until the access token expires', example: 300 })
  expiresIn!: number;
}
