import type { Caller, Role } from '../access-token';

/** Which access tokens of a user stop working now (auth's `auth.access.revoked.v1`, structurally). */
export interface RevocationNotice {
  userId: string;
  /** Tokens of these sessions (`sid`). */
  sessionIds?: readonly string[];
  /** Every token of the user. */
  allSessions?: boolean;
  /** Every token of the user whose role is not this one. */
  keepRole?: Role;
  /** Seconds since the epoch after which no token the notice covers is still valid. */
  until: number;
}

interface UserRevocation {
  allUntil?: number;
  keepRole?: { role: Role; until: number };
}

/**
 * The deny-list every verifier consults after (and instead of re-doing) the signature check, so
 * a logout, a password change, a role change or a deletion ends the affected access tokens at
 * once instead of when they expire. Two map lookups per request; an entry lives only until the
 * tokens it covers would have expired, so the list stays as small as the revocations of one
 * token lifetime.
 */
export class AccessRevocations {
  private readonly sessions = new Map<string, number>();
  private readonly users = new Map<string, UserRevocation>();
  private prunedAt = 0;

  constructor(private readonly now: () => number = () => Date.now() / 1000) {}

  get size(): number {
    return this.sessions.size + this.users.size;
  }

  apply(notice: RevocationNotice): void {
    const now = this.now();
    if (notice.until <= now) return;
    for (const sessionId of notice.sessionIds ?? [])
      this.sessions.set(sessionId, Math.max(this.sessions.get(sessionId) ?? 0, notice.until));
    if (notice.allSessions || notice.keepRole) {
      const entry = this.users.get(notice.userId) ?? {};
      if (notice.allSessions) entry.allUntil = Math.max(entry.allUntil ?? 0, notice.until);
      // The newest role wins: a later change back must not revoke the tokens of the restored role.
      if (notice.keepRole) entry.keepRole = { role: notice.keepRole, until: notice.until };
      this.users.set(notice.userId, entry);
    }
    this.prune(now);
  }

  isRevoked(caller: Caller): boolean {
    if (this.sessions.size === 0 && this.users.size === 0) return false;
    const now = this.now();
    if (caller.sessionId !== undefined && (this.sessions.get(caller.sessionId) ?? 0) > now) return true;
    const user = this.users.get(caller.id);
    if (!user) return false;
    if ((user.allUntil ?? 0) > now) return true;
    return user.keepRole !== undefined && user.keepRole.until > now && user.keepRole.role !== caller.role;
  }

  /** Drops entries whose tokens have all expired; at most once a minute. */
  private prune(now: number): void {
    if (now - this.prunedAt < 60) return;
    this.prunedAt = now;
    for (const [sessionId, until] of this.sessions) if (until <= now) this.sessions.delete(sessionId);
    for (const [userId, entry] of this.users) {
      if ((entry.allUntil ?? 0) <= now && (entry.keepRole?.until ?? 0) <= now) this.users.delete(userId);
    }
  }
}
