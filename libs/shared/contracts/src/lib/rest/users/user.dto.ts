import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@platform/util-auth';

/** A user as every service returns it. Never carries credentials. */
export class UserDto {
  @ApiProperty({ format: 'uuid', example: '0b9f1f9e-3c1a-4bde-9d1e-6f1c2b1e8a55' })
  id!: string;

  @ApiProperty({ format: 'email', example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name!: string;

  @ApiProperty({ enum: ROLES, example: 'user', description: 'What the user may do; only an admin changes it' })
  role!: Role;

  @ApiProperty({ description: 'Row version; also sent as the ETag', example: 1, minimum: 1 })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}
