import { ApiProperty } from '@nestjs/swagger';
import { EmailField, NameField } from '@platform/contracts';
import { IsDefined, IsString, MaxLength } from 'class-validator';
import { GivenPasswordField, NewPasswordField, PASSWORD_MAX_LENGTH } from '../passwords/password.field';

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
  @ApiProperty({ description: 'The refresh token from the last login or refresh' })
  @IsDefined({ message: 'refreshToken is required' })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  refreshToken!: string;
}

export class ChangePasswordRequestDto {
  @ApiProperty({ format: 'password', maxLength: PASSWORD_MAX_LENGTH })
  @IsDefined({ message: 'currentPassword is required' })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  @NewPasswordField()
  newPassword!: string;
}
