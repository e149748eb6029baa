import { http } from '../http';
import type { Platform } from '../platform';
import { registerAndLogin, type Session } from '../sessions';
import { writeUserId, type Credential, type PathValue } from './fuzz-case';

const VICTIMS = 3;

/**
 * The users a fuzz run acts as and on. `ada` is the normal user; the admin is the platform's
 * bootstrap admin. DELETEs act as and on "victims" only, replaced once deleted, so that no
 * request can delete the users the rest of the run needs; no write is sent to the admin's id.
 */
export class FuzzFixtures {
  private constructor(
    private readonly platform: Platform,
    readonly ada: Session,
    private readonly adminId: string,
    private victims: Session[],
    /** The id of auth's signing key, public in its JWKS. */
    readonly kid: string,
  ) {}

  static async create(platform: Platform): Promise<FuzzFixtures> {
    const ada = await registerAndLogin(platform.gatewayUrl, 'fuzz-ada');
    const victims = await Promise.all(
      Array.from({ length: VICTIMS }, (_, index) => registerAndLogin(platform.gatewayUrl, `fuzz-victim-${index}`)),
    );
    const [admin] = await platform.usersDb.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [
      platform.admin.email,
    ]);
    const jwks = await http(platform.gatewayUrl, 'GET', '/api/v1/auth/.well-known/jwks.json');
    return new FuzzFixtures(platform, ada, admin.id, victims, jwks.body.keys[0].kid);
  }

  /** Authorization header values for `credential`, for a request with `method`. */
  async authorization(credential: Credential, method: string): Promise<string[]> {
    if (credential === 'admin') return [(await this.platform.adminHeaders())['authorization']];
    if (credential === 'user') return [(method === 'DELETE' ? this.victims[0] : this.ada).auth['authorization']];
    return credential.authorization;
  }

  /** A path segment for `value`: existing users are picked by index among those `method` may touch. */
  segment(value: PathValue, method: string): string {
    if ('segment' in value) return value.segment;
    const victims = this.victims.map((victim) => victim.userId);
    const ids =
      method === 'DELETE'
        ? victims
        : method === 'GET'
          ? [this.ada.userId, this.adminId, ...victims]
          : [this.ada.userId, ...victims];
    return writeUserId(ids[value.existingUser % ids.length], value.form);
  }

  /** After a successful DELETE: registers a new victim for each one that is gone. */
  async replaceDeletedVictims(): Promise<void> {
    const rows = await this.platform.usersDb.query<{ id: string }>(
      `SELECT id::text FROM users WHERE id = ANY($1::uuid[])`,
      [this.victims.map((victim) => victim.userId)],
    );
    const alive = new Set(rows.map((row) => row.id));
    this.victims = await Promise.all(
      this.victims.map((victim, index) =>
        alive.has(victim.userId) ? victim : registerAndLogin(this.platform.gatewayUrl, `fuzz-victim-${index}`),
      ),
    );
  }
}
