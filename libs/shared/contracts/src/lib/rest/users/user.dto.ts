import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../roles';
import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH } from './user-fields';

/** `Date.toISOString()`: 24 characters, 27 for years past 9999. */
const TIMESTAMP = { format: 'date-time', maxLength: 27, example: '2025-01-31T09:30:00.000Z' } as const;

/** A user as every service returns it. Never carries credentials. */
export class UserDto {
  @ApiProperty({ format: 'uuid', maxLength: 36, example: '0b9f1f9e-3c1a-4bde-9d1e-6f1c2b1e8a55' })
  id!: string;

  @ApiProperty({ format: 'email', maxLength: EMAIL_MAX_LENGTH, example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ minLength: 1, maxLength: NAME_MAX_LENGTH, example: 'Ada Lovelace' })
  name!: string;

  @ApiProperty({ enum: ROLES, example: 'user', description: 'What the user may do; only an admin changes it' })
  role!: Role;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: 2_147_483_647,
    description: 'Row version; also sent as the ETag',
    example: 1,
  })
  version!: number;

  @ApiProperty(TIMESTAMP)
  createdAt!: string;

  @ApiProperty(TIMESTAMP)
  updatedAt!: string;
}
