import { ROLES, type Role } from '../../../roles';
import { SafeText } from '@platform/util-http';
import { IsEmail, IsIn, IsString, IsUUID, Length, MaxLength } from 'class-validator';

/**
 * `users.create-user.v1`: create a user with an id the caller chose. The id makes the command
 * idempotent: a redelivered request finds the user it created and answers with it. The reply is
 * a `UserDto`; an e-mail taken by another user is a 409 problem.
 */
export class CreateUserV1Command {
  @IsUUID()
  userId!: string;

  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @Length(1, 200)
  @SafeText()
  name!: string;

  @IsIn(ROLES)
  role!: Role;
}
