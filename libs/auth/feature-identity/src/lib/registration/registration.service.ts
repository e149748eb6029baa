import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { CredentialsRepository, UserAccountsRepository } from '@platform/auth-data-access';
import { UsersCommands, type CreateUserV1Command, type UserDto, Roles, type Role } from '@platform/contracts';
import { ProblemException } from '@platform/util-http';
import { CommandClient } from '@platform/util-messaging';
import { randomUUID } from 'node:crypto';
import { PasswordHasher } from '../passwords/password-hasher';

/** Longest wait for users to create the user; then the client gets a 503, not a hang. */
export const CREATE_USER_TIMEOUT_MS = 5_000;

export interface Registration {
  email: string;
  password: string;
  name: string;
  role?: Role;
  /** Chosen by the caller when it must be stable across retries (the admin bootstrap). */
  userId?: string;
}

/**
 * Registration is credential-first: the credential is stored under a new id, then users is
 * asked (RabbitMQ request/response) to create the user with that id. So a user never exists
 * without a credential. If users refuses (e-mail taken, invalid), the credential is removed;
 * if users cannot be reached or does not answer in time, the credential stays: the user may
 * still be created, and a credential without a user is inert (login needs the user).
 */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly accounts: UserAccountsRepository,
    private readonly hasher: PasswordHasher,
    @Inject(CommandClient) private readonly commands: CommandClient,
  ) {}

  async register(registration: Registration): Promise<UserDto> {
    const userId = registration.userId ?? randomUUID();
    await this.credentials.save(userId, await this.hasher.hash(registration.password));
    const command: CreateUserV1Command = {
      userId,
      email: registration.email,
      name: registration.name,
      role: registration.role ?? Roles.User,
    };
    let user: UserDto;
    try {
      user = await this.commands.request<UserDto>(UsersCommands.CreateUser, command, CREATE_USER_TIMEOUT_MS);
    } catch (error) {
      const refused = error instanceof ProblemException && error.getStatus() < HttpStatus.INTERNAL_SERVER_ERROR;
      if (refused) await this.credentials.delete(userId);
      throw error;
    }
    // Log in at once, without waiting for users' created event to reach our copy.
    await this.accounts.applyIfNewer({
      userId,
      email: user.email,
      status: 'active',
      role: user.role,
      userVersion: user.version,
    });
    return user;
  }
}
