import { Roles } from '@platform/contracts';
import {
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { CredentialsRepository } from '@platform/auth-data-access';
import { ProblemException } from '@platform/util-http';
import { createHash } from 'node:crypto';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';
import { RegistrationService } from '../registration/registration.service';

const RETRY_EVERY_MS = 2_000;

/** A UUID derived from the e-mail, so every attempt (and every instance) asks for the same user. */
export function adminUserIdOf(email: string): string {
  const hex = createHash('sha256').update(`platform-admin:${email}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Creates the first administrator from ADMIN_EMAIL / ADMIN_PASSWORD when it does not exist yet.
 * Runs in the background and retries until users answers, so auth starts even when users is
 * not up yet. An existing account keeps its password: the variables seed, they do not reset.
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AdminBootstrap');
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly registration: RegistrationService,
    private readonly credentials: CredentialsRepository,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.admin) {
      this.logger.warn('ADMIN_EMAIL and ADMIN_PASSWORD are not set: no administrator is created');
      return;
    }
    void this.attempt(this.options.admin);
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async attempt(admin: NonNullable<IdentityOptions['admin']>): Promise<void> {
    const userId = adminUserIdOf(admin.email);
    try {
      if (await this.credentials.findActiveById(userId)) return;
      await this.registration.register({ ...admin, role: Roles.Admin, userId });
      this.logger.log(`administrator ${admin.email} created`);
    } catch (error) {
      if (error instanceof ProblemException && error.getStatus() === HttpStatus.CONFLICT) {
        this.logger.error(
          `ADMIN_EMAIL ${admin.email} belongs to an existing user who is not the bootstrap administrator; not changing it`,
        );
        return;
      }
      if (this.stopped) return;
      this.logger.warn(
        `administrator not created yet (${(error as Error).message}); retrying in ${RETRY_EVERY_MS / 1000} s`,
      );
      this.timer = setTimeout(() => void this.attempt(admin), RETRY_EVERY_MS);
      this.timer.unref();
    }
  }
}
