import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { USER_SORT_FIELDS } from '@platform/users-data-access';

export const MAX_PAGE_SIZE = 100;
export const USER_SORTS = USER_SORT_FIELDS.flatMap((field) => [field, `-${field}`]);

export class ListUsersQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20, description: 'Page size' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = 20;

  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'Items to skip' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset: number = 0;

  @ApiPropertyOptional({ enum: USER_SORTS, default: '-createdAt', description: 'Field to sort by; a leading "-" sorts descending' })
  @IsIn(USER_SORTS)
  sort: string = '-createdAt';

  @ApiPropertyOptional({ format: 'email', description: 'Only the user with this e-mail (case-insensitive)' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ description: 'Only users whose name contains this text (case-insensitive)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;
}
