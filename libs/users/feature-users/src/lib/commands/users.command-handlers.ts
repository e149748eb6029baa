import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { UsersCommands, usersCommandPayloads, type CreateUserV1Command, type UserDto } from '@platform/contracts';
import { CommandServer } from '@platform/util-messaging';
import { toUserDto } from '../user.mapper';
import { UsersService } from '../users.service';
import { UsersError } from '../users.errors';
import { usersProblemOf } from '../users.problems';

/** The users service's command queue: its instances share the requests. */
export const USERS_COMMANDS_QUEUE = Symbol('USERS_COMMANDS_QUEUE');

/**
 * Answers users' commands over RabbitMQ. Auth's registration uses `create-user`: the id is
 * chosen by auth, so a redelivered request returns the user instead of failing.
 */
@Injectable()
export class UsersCommandHandlers implements OnApplicationBootstrap {
  private readonly logger = new Logger('UsersCommands');

  constructor(
    private readonly server: CommandServer,
    private readonly users: UsersService,
    @Inject(USERS_COMMANDS_QUEUE) private readonly queue: string,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: users serves HTTP (and reports not ready) while the broker is unreachable;
    // the channel starts consuming whenever the connection comes.
    void this.server
      .serve({
        queue: this.queue,
        contracts: usersCommandPayloads,
        handlers: { [UsersCommands.CreateUser]: (command) => this.createUser(command) },
      })
      .catch((error: Error) => this.logger.error(`cannot serve commands on ${this.queue}: ${error.message}`));
  }

  async createUser(command: CreateUserV1Command): Promise<UserDto> {
    try {
      const user = await this.users.createOnce({
        id: command.userId,
        email: command.email.toLowerCase(),
        name: command.name,
        role: command.role,
      });
      return toUserDto(user);
    } catch (error) {
      throw error instanceof UsersError ? usersProblemOf(error) : error;
    }
  }
}
