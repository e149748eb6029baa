import { AccessRevokedV1Event } from './access-revoked.v1.event';
import { AuthEvents, type AuthEventName } from './auth-events';

/** The payload class of each auth event: what auth builds and verifiers validate against. */
export const authEventPayloads = {
  [AuthEvents.AccessRevoked]: AccessRevokedV1Event,
} as const satisfies Record<AuthEventName, new () => object>;
