import { ApiProperty } from '@nestjs/swagger';
import { EmailField, NameField } from '@platform/contracts';
import { IsPresent } from '@platform/util-http';
import { IsString, Matches, MaxLength } from 'class-validator';
import { GivenPasswordField, NewPasswordField } from '../passwords/password.field';
import { REFRESH_TOKEN_MAX_LENGTH, REFRESH_TOKEN_PATTERN } from '../tokens/refresh-token';

export class RegisterRequestDto {
  @EmailField()
  email!: string;

  @NewPasswordField()
  password!: string;

  @NameField()
  name!: string;
}

export class LoginRequestDto {
  @EmailField()
  email!: string;

  @GivenPasswordField()
  password!: string;
}

export class RefreshRequestDto {
  @ApiProperty({
    description: 'The refresh token from the last login or refresh',
    pattern: REFRESH_TOKEN_PATTERN.source,
    maxLength: REFRESH_TOKEN_MAX_LENGTH,
  })
  @IsPresent()
  @IsString()
  @MaxLength(REFRESH_TOKEN_MAX_LENGTH)
  @Matches(REFRESH_TOKEN_PATTERN, { message: 'refreshToken must be a base64url string' })
  refreshToken!: string;
}

export class ChangePasswordRequestDto {
  @GivenPasswordField()
  currentPassword!: string;

  @NewPasswordField()
  newPassword!: string;
}
