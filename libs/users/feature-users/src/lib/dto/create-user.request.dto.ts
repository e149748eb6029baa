import { type Role } from '@platform/contracts';
import { EmailField, NameField, RoleField } from './user-fields';

export class CreateUserRequestDto {
  @EmailField()
  email!: string;

  @NameField()
  name!: string;

  @RoleField()
  role?: Role;
}
