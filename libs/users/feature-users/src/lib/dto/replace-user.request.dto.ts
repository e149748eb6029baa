import { EmailField, NameField } from './user-fields';

/** PUT: every modifiable field, replacing the stored ones. */
export class ReplaceUserRequestDto {
  @EmailField()
  email!: string;

  @NameField()
  name!: string;
}
