import { EmailField, NameField } from './user-fields';

export class CreateUserRequestDto {
  @EmailField()
  email!: string;

  @NameField()
  name!: string;
}
