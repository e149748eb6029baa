import { ApiProperty } from '@nestjs/swagger';
import { UserDto } from '@platform/contracts';
import { MAX_OFFSET, MAX_PAGE_SIZE } from './list-users.query.dto';

export class UserPageResponseDto {
  @ApiProperty({
    type: [UserDto],
    maxItems: MAX_PAGE_SIZE,
    description: `At most \`limit\` users (${MAX_PAGE_SIZE} at most)`,
  })
  items!: UserDto[];

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    description: 'Users matching the filters, over all pages',
  })
  total!: number;

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: MAX_PAGE_SIZE })
  limit!: number;

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: MAX_OFFSET })
  offset!: number;
}
