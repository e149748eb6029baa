import { Inject, Injectable } from '@nestjs/common';
import { AuthEvents, type AccessRevokedV1Event } from '@platform/contracts';
import { OutboxRecorder, OutboxRelay } from '@platform/util-messaging';
import type { EntityManager } from 'typeorm';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';

/** Margin on top of the token lifetime for the verifiers' clock tolerance. */
const CLOCK_MARGIN_SECONDS = 60;

export type AccessRevocation = Omit<AccessRevokedV1Event, 'until' | 'occurredAt'>;

/**
 * Tells every verifier (gateway, services) which access tokens stop working now, through the
 * outbox: recorded in the transaction that ended the sessions, so a notice goes out if and only
 * if they ended; the relay is woken after the commit, so it goes out within milliseconds.
 */
@Injectable()
export class AccessRevocationNotices {
  constructor(
    private readonly outbox: OutboxRecorder,
    private readonly relay: OutboxRelay,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  async record(manager: EntityManager, revocation: AccessRevocation): Promise<void> {
    const occurredAt = new Date();
    // Every token the notice covers was issued before now, so none outlives one token lifetime.
    const until = Math.ceil(occurredAt.getTime() / 1000) + this.options.accessTokenTtlSeconds + CLOCK_MARGIN_SECONDS;
    const payload: AccessRevokedV1Event = { ...revocation, until, occurredAt: occurredAt.toISOString() };
    await this.outbox.record(manager, {
      type: AuthEvents.AccessRevoked,
      aggregateId: revocation.userId,
      payload,
      occurredAt,
    });
  }

  /** After the commit: publish now rather than at the relay's next poll. */
  publish(): void {
    this.relay.wake();
  }
}
