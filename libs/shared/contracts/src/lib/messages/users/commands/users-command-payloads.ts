import { CreateUserV1Command } from './create-user.v1.command';
import { UsersCommands, type UsersCommandName } from './users-commands';

/** The payload class of each users command: what callers send and the handler validates. */
export const usersCommandPayloads = {
  [UsersCommands.CreateUser]: CreateUserV1Command,
} as const satisfies Record<UsersCommandName, new () => object>;
