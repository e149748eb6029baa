import { type Caller } from '../access-token';
import { AccessRevocations } from './access-revocations';

describe('AccessRevocations', () => {
  let clock: number;
  const list = () => new AccessRevocations(() => clock);
  const caller = (overrides: Partial<Caller> = {}): Caller => ({
    id: 'u1',
    role: 'user',
    tokenId: 't',
    sessionId: 's1',
    expiresAt: clock + 300,
    ...overrides,
  });

  beforeEach(() => (clock = 1_000_000));

  it('revokes the tokens of the listed sessions only', () => {
    const revocations = list();
    revocations.apply({ userId: 'u1', sessionIds: ['s1'], until: clock + 360 });
    expect(revocations.isRevoked(caller())).toBe(true);
    expect(revocations.isRevoked(caller({ sessionId: 's2' }))).toBe(false);
    expect(revocations.isRevoked(caller({ sessionId: undefined }))).toBe(false);
  });

  it('revokes every token of a deleted user, whatever the session', () => {
    const revocations = list();
    revocations.apply({ userId: 'u1', allSessions: true, until: clock + 360 });
    expect(revocations.isRevoked(caller({ sessionId: 'any' }))).toBe(true);
    expect(revocations.isRevoked(caller({ id: 'u2' }))).toBe(false);
  });

  it('revokes the tokens of any role but the new one; the latest change wins', () => {
    const revocations = list();
    revocations.apply({ userId: 'u1', keepRole: 'admin', until: clock + 360 });
    expect(revocations.isRevoked(caller({ role: 'user' }))).toBe(true);
    expect(revocations.isRevoked(caller({ role: 'admin' }))).toBe(false);
    revocations.apply({ userId: 'u1', keepRole: 'user', until: clock + 360 });
    expect(revocations.isRevoked(caller({ role: 'user' }))).toBe(false);
    expect(revocations.isRevoked(caller({ role: 'admin' }))).toBe(true);
  });

  it('forgets a notice once every token it covers has expired', () => {
    const revocations = list();
    revocations.apply({ userId: 'u1', sessionIds: ['s1'], allSessions: true, until: clock + 10 });
    clock += 10;
    expect(revocations.isRevoked(caller())).toBe(false);
    clock += 60;
    revocations.apply({ userId: 'u3', sessionIds: ['s9'], until: clock + 10 });
    expect(revocations.size).toBe(1);
  });

  it('ignores a notice that has already run out', () => {
    const revocations = list();
    revocations.apply({ userId: 'u1', allSessions: true, until: clock - 1 });
    expect(revocations.size).toBe(0);
  });
});
