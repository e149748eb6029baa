import { type Role } from '@platform/contracts';
import { EmailField, NameField, RoleField } from './user-fields';

/** PUT: every modifiable field, replacing the stored ones. */
export class ReplaceUserRequestDto {
  @EmailField()
  email!: string;

  @NameField()
  name!: string;

  @RoleField()
  role?: Role;
}
