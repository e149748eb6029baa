/**
 * Commands the users service answers over RabbitMQ (request/response). Versioned in the name,
 * like events: a breaking change is a new name served next to the old one.
 */
export const UsersCommands = {
  CreateUser: 'users.create-user.v1',
} as const;

export type UsersCommandName = (typeof UsersCommands)[keyof typeof UsersCommands];
