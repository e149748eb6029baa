import { ApiProperty } from '@nestjs/swagger';

/** A 256-bit value in base64url: P-256 coordinates, and the SHA-256 thumbprint used as kid. */
const BASE64URL_256 = { pattern: '^[A-Za-z0-9_-]{43}$', maxLength: 43 } as const;

/** One public signing key (RFC 7517): auth only ever has ES256 keys on P-256. */
export class JsonWebKeyDto {
  @ApiProperty({ enum: ['EC'] })
  kty!: 'EC';

  @ApiProperty({ enum: ['P-256'] })
  crv!: 'P-256';

  @ApiProperty(BASE64URL_256)
  x!: string;

  @ApiProperty(BASE64URL_256)
  y!: string;

  @ApiProperty({ ...BASE64URL_256, description: 'RFC 7638 thumbprint of the key' })
  kid!: string;

  @ApiProperty({ enum: ['ES256'] })
  alg!: 'ES256';

  @ApiProperty({ enum: ['sig'] })
  use!: 'sig';
}

/**
 * The JWK Set. A replaced key stays while tokens it signed can be alive, so it holds the rotation
 * history of one token lifetime: (lifetime + tolerance + 1 min) / rotation + 1 keys, under 70 with
 * the most extreme settings auth accepts (1 h tokens, 5 min tolerance, rotation every minute).
 */
export class JwksResponseDto {
  @ApiProperty({ type: [JsonWebKeyDto], maxItems: 100 })
  keys!: JsonWebKeyDto[];
}
