import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { CredentialsRepository, RefreshTokensRepository, type LoginAccount } from '@platform/auth-data-access';
import { ProblemException, ProblemTypes } from '@platform/util-http';
import { DataSource } from 'typeorm';
import type { TokenResponseDto } from '../dto';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';
import { PasswordHasher } from '../passwords/password-hasher';
import { AccessRevocationNotices } from '../revocation/access-revocation-notices';
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
    private readonly revocations: AccessRevocationNotices,
    private readonly dataSource: DataSource,
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
    const sessionId = await this.refreshTokens.startFamily(account.userId, refresh.hash, this.refreshExpiry());
    return await this.tokens(account, refresh.token, sessionId);
  }

  async refresh(refreshToken: string): Promise<TokenResponseDto> {
    const successor = newRefreshToken();
    const outcome = await this.refreshTokens.rotate(
      hashRefreshToken(refreshToken),
      successor.hash,
      this.refreshExpiry(),
    );
    if (outcome.kind === 'reused') {
      this.logger.warn(`refresh token reused: family ${outcome.familyId} of user ${outcome.userId} revoked`);
      // Its access tokens end too: one of the two holders is a thief.
      await this.revoke({ userId: outcome.userId, reason: 'reuse-detected', sessionIds: [outcome.familyId] });
    }
    if (outcome.kind !== 'rotated') throw invalidRefreshToken();
    // The user may have been deleted since the last refresh; the family dies with them.
    const account = await this.credentials.findActiveById(outcome.userId);
    if (!account) {
      await this.refreshTokens.revokeAllOfUser(outcome.userId, 'user-deleted');
      throw invalidRefreshToken();
    }
    return await this.tokens(account, successor.token, outcome.familyId);
  }

  /**
   * Ends the session the token belongs to, its access tokens included. Idempotent: an unknown
   * token is not an error.
   */
  async logout(refreshToken: string): Promise<void> {
    const ended = await this.dataSource.transaction(async (manager) => {
      const session = await this.refreshTokens.revokeFamilyOfToken(hashRefreshToken(refreshToken), 'logout', manager);
      if (session)
        await this.revocations.record(manager, {
          userId: session.userId,
          reason: 'logout',
          sessionIds: [session.familyId],
        });
      return session !== undefined;
    });
    if (ended) this.revocations.publish();
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
    const revoked = await this.dataSource.transaction(async (manager) => {
      const sessionIds = await this.refreshTokens.revokeAllOfUser(userId, 'password-changed', manager);
      if (sessionIds.length > 0)
        await this.revocations.record(manager, { userId, reason: 'password-changed', sessionIds });
      return sessionIds.length;
    });
    if (revoked > 0) this.revocations.publish();
    this.logger.log(`password changed for user ${userId}; ${revoked} session(s) revoked`);
  }

  private async tokens(account: LoginAccount, refreshToken: string, sessionId: string): Promise<TokenResponseDto> {
    const access = await this.issuer.issue(account.userId, account.role, sessionId);
    return { accessToken: access.token, refreshToken, tokenType: 'Bearer', expiresIn: access.expiresIn };
  }

  private async revoke(revocation: Parameters<AccessRevocationNotices['record']>[1]): Promise<void> {
    await this.dataSource.transaction((manager) => this.revocations.record(manager, revocation));
    this.revocations.publish();
  }

  private refreshExpiry(): Date {
    return new Date(Date.now() + this.options.refreshTokenTtlSeconds * 1000);
  }

  private async upgradeHashIfOutdated(account: LoginAccount, password: string): Promise<void> {
    if (this.hasher.isOutdated(account.passwordHash))
      await this.credentials.save(account.userId, await this.hasher.hash(password));
  }
}

function invalidCredentials(): ProblemException {
  return new ProblemException(HttpStatus.UNAUTHORIZED, {
    type: ProblemTypes.unauthenticated,
    detail: 'The e-mail or the password is wrong.',
  });
}

function invalidRefreshToken(): ProblemException {
  return new ProblemException(HttpStatus.UNAUTHORIZED, {
    type: ProblemTypes.unauthenticated,
    detail: 'The refresh token is invalid, expired or revoked. Log in again.',
  });
}
