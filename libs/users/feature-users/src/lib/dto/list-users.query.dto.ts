import { ApiPropertyOptional } from '@nestjs/swagger';
import { EMAIL_MAX_LENGTH, IsEmailAddress, NAME_MAX_LENGTH } from '@platform/contracts';
import { SafeText } from '@platform/util-http';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { USER_SORT_FIELDS } from '@platform/users-data-access';

export const MAX_PAGE_SIZE = 100;
export const MAX_OFFSET = 1_000_000;
export const USER_SORTS = USER_SORT_FIELDS.flatMap((field) => [field, `-${field}`]);

export class ListUsersQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: 20,
    description: 'Page size',
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = 20;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: MAX_OFFSET,
    default: 0,
    description: 'Items to skip',
  })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset: number = 0;

  @ApiPropertyOptional({
    enum: USER_SORTS,
    default: '-createdAt',
    description: 'Field to sort by; a leading "-" sorts descending',
  })
  @IsIn(USER_SORTS)
  sort: string = '-createdAt';

  @ApiPropertyOptional({
    format: 'email',
    maxLength: EMAIL_MAX_LENGTH,
    description: 'Only the user with this e-mail (case-insensitive)',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmailAddress()
  @MaxLength(EMAIL_MAX_LENGTH)
  @SafeText()
  email?: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: NAME_MAX_LENGTH,
    description: 'Only users whose name contains this text (case-insensitive)',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(NAME_MAX_LENGTH)
  @SafeText()
  name?: string;
}
