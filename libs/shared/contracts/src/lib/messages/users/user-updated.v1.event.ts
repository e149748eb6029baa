import { UserSnapshotV1 } from './user-snapshot.v1';

/** `users.user.updated.v1`: a user's e-mail or name changed; carries the new state. */
export class UserUpdatedV1Event extends UserSnapshotV1 {}
