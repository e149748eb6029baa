import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined, IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { GivenPasswordField, NewPasswordField, PASSWORD_MAX_LENGTH } from '../passwords/password.field';

const normalisedEmail = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

const EmailField = () =>
  applyDecorators(
    ApiProperty({ format: 'email', maxLength: 254, example: 'ada@example.com' }),
    Transform(normalisedEmail),
    IsDefined({ message: 'email is required' }),
    IsEmail({}, { message: 'email must be an e-mail address' }),
    MaxLength(254),
  );

export class RegisterRequestDto {
  @EmailField()
  email!: string;

  @NewPasswordField()
  password!: string;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Ada Lovelace' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsDefined({ message: 'name is required' })
  @IsString()
  @IsNotEmpty({ message: 'name must not be blank' })
  @MaxLength(200)
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
