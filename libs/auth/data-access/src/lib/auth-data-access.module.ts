import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CredentialsRepository } from './credentials.repository';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SigningKeysRepository } from './signing-keys.repository';
import { UserAccountEntity } from './user-account.entity';
import { UserAccountsRepository } from './user-accounts.repository';

const repositories = [UserAccountsRepository, CredentialsRepository, RefreshTokensRepository, SigningKeysRepository];

@Module({
  imports: [TypeOrmModule.forFeature([UserAccountEntity])],
  providers: repositories,
  exports: repositories,
})
export class AuthDataAccessModule {}
