import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserAccountEntity } from './user-account.entity';
import { UserAccountsRepository } from './user-accounts.repository';

@Module({
  imports: [TypeOrmModule.forFeature([UserAccountEntity])],
  providers: [UserAccountsRepository],
  exports: [UserAccountsRepository],
})
export class AuthDataAccessModule {}
