import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { CredentialsRepository, RefreshTokensRepository, type LoginAccount } from '@platform/auth-data-access';
import { ProblemException, ProblemTypes } from '@platform/util-http';
import type { TokenResponseDto } from '../dto';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';
import { PasswordHasher } from '../passwords/password-hasher';
import { CredentialThrottle } from '../throttling/credential-throttle';
import { AccessTokenIssuer } from '../tokens/access-token.issuer';
import { hashRefreshToken, newRefreshToken } from '../tokens/refresh-token';

/**
 * Logins, refreshes and logouts. A login starts a refresh-token family; each refresh rotates
 * the token within it; presenting a token twice revokes the family, since one of the two
 * holders is a thief and we cannot tell which.
 */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger('Sessions');

  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly hasher: PasswordHasher,
    private readonly issuer: AccessTokenIssuer,
    private readonly throttle: CredentialThrottle,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  /** Counts a credential attempt (login, register) from the client's address. */
  countAttempt(clientIp: string): Promise<void> {
    return this.throttle.attemptFrom(clientIp);
  }

  async login(email: string, password: string, clientIp: string): Promise<TokenResponseDto> {
    await this.throttle.attemptFrom(clientIp);
    await this.throttle.assertAccountNotLocked(email, clientIp);
    const account = await this.credentials.findActiveByEmail(email);
    // Unknown e-mail or wrong password: same work, same answer.
    if (!(await this.hasher.verify(account?.passwordHash, password)) || !account) {
      await this.throttle.recordFailure(email, clientIp);
      throw invalidCredentials();
    }
    await this.throttle.recordSuccess(email, clientIp);
    await this.upgradeHashIfOutdated(account, password);
    const refresh = newRefreshToken();
    await this.refreshTokens.startFamily(account.userId, refresh.hash, this.refreshExpiry());
    return this.tokens(account, refresh.token);
  }

  async refresh(refreshToken: string): Promise<TokenResponseDto> {
    const successor = newRefreshToken();
    const outcome = await this.refreshTokens.rotate(hashRefreshToken(refreshToken), successor.hash, this.refreshExpiry());
    if (outcome.kind === 'reused') this.logger.warn(`refresh token reused: family ${outcome.familyId} of user ${outcome.userId} revoked`);
    if (outcome.kind !== 'rotated') throw invalidRefreshToken();
    // The user may have been deleted since the last refresh; the family dies with them.
    const account = await this.credentials.findActiveById(outcome.userId);
    if (!account) {
      await this.refreshTokens.revokeAllOfUser(outcome.userId, 'user-deleted');
      throw invalidRefreshToken();
    }
    return this.tokens(account, successor.token);
  }

  /** Ends the session the token belongs to. Idempotent: an unknown token is not an error. */
  async logout(refreshToken: string): Promise<void> {
    await this.refreshTokens.revokeFamilyOfToken(hashRefreshToken(refreshToken), 'logout');
  }

  /** Changes the password and ends every session of the user, this one included. */
  async changePassword(userId: string, currentPassword: string, newPassword: string, clientIp: string): Promise<void> {
    await this.throttle.attemptFrom(clientIp);
    const account = await this.credentials.findActiveById(userId);
    if (!account || !(await this.hasher.verify(account.passwordHash, currentPassword))) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, {
        type: ProblemTypes.validation,
        detail: 'The current password is wrong.',
        errors: [{ field: 'currentPassword', in: 'body', message: 'currentPassword is wrong' }],
      });
    }
    await this.credentials.save(userId, await this.hasher.hash(newPassword));
    const revoked = await this.refreshTokens.revokeAllOfUser(userId, 'password-changed');
    this.logger.log(`password changed for user ${userId}; ${revoked} session(s) revoked`);
  }

  private tokens(account: LoginAccount, refreshToken: string): TokenResponseDto {
    const access = this.issuer.issue(account.userId, account.role);
    return { accessToken: access.token, refreshToken, tokenType: 'Bearer', expiresIn: access.expiresIn };
  }

  private refreshExpiry(): Date {
    return new Date(Date.now() + this.options.refreshTokenTtlSeconds * 1000);
  }

  private async upgradeHashIfOutdated(account: LoginAccount, password: string): Promise<void> {
    if (this.hasher.isOutdated(account.passwordHash)) await this.credentials.save(account.userId, await this.hasher.hash(password));
  }
}

function invalidCredentials(): ProblemException {
  return new ProblemException(HttpStatus.UNAUTHORIZED, { type: ProblemTypes.unauthenticated, detail: 'The e-mail or the password is wrong.' });
}

function invalidRefreshToken(): ProblemException {
  return new ProblemException(HttpStatus.UNAUTHORIZED, {
    type: ProblemTypes.unauthenticated,
    detail: 'The refresh token is invalid, expired or revoked. Log in again.',
  });
}
