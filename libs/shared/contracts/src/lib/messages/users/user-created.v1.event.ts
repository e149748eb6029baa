import { UserSnapshotV1 } from './user-snapshot.v1';

/** `users.user.created.v1`: a user was created. */
export class UserCreatedV1Event extends UserSnapshotV1 {}
