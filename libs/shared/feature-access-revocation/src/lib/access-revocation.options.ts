export interface AccessRevocationOptions {
  /**
   * Prefix of the instance's own queue: every verifying instance needs every notice, so each
   * consumes an exclusive, auto-deleted queue (`<prefix>.<host>-<pid>-<random>`).
   */
  queuePrefix: string;
}

export const ACCESS_REVOCATION_OPTIONS = Symbol('ACCESS_REVOCATION_OPTIONS');
