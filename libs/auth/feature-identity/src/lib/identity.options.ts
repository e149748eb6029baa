/** Settings of the identity feature, from auth's validated config. */
export interface IdentityOptions {
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** How long a signing key signs before a new one takes over. */
  signingKeyRotationSeconds: number;
  /** 32 bytes that seal private signing keys at rest. */
  keyEncryptionKey: Buffer;
  argon2: { memoryKiB: number; iterations: number; parallelism: number };
  throttle: {
    /** Login and register attempts per client IP per window. */
    perIp: number;
    perIpWindowSeconds: number;
    /** Failed logins per account (e-mail) from one client address per window: that address is then locked out of it. */
    failuresPerAccountAndAddress: number;
    /** Failed logins per account from all addresses per window: the account is then locked for everyone. */
    failuresPerAccount: number;
    failureWindowSeconds: number;
    /** Shared store for several instances; in memory when absent. */
    redisUrl?: string;
  };
  /** The first administrator, created at start-up when both are set. */
  admin?: { email: string; password: string; name: string };
}

export const IDENTITY_OPTIONS = Symbol('IDENTITY_OPTIONS');
