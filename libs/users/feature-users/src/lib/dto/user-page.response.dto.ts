import { ApiProperty } from '@nestjs/swagger';
import { UserDto } from '@platform/contracts';

export class UserPageResponseDto {
  @ApiProperty({ type: [UserDto] })
  items!: UserDto[];

  @ApiProperty({ description: 'Users matching the filters, over all pages' })
  total!: number;

  @ApiProperty()
  limit!: number;

  @ApiProperty()
  offset!: number;
}
