import { managementAddressOf, samePortProblem } from './management-config';

describe('management server settings', () => {
  it("binds to MANAGEMENT_HOST when set, else to the app's HOST", () => {
    expect(managementAddressOf({ HOST: '0.0.0.0' }, 4001)).toEqual({ port: 4001, host: '0.0.0.0' });
    expect(managementAddressOf({ HOST: '0.0.0.0', MANAGEMENT_HOST: '127.0.0.1' }, 4001)).toEqual({
      port: 4001,
      host: '127.0.0.1',
    });
  });

  it('names the first two ports that are the same, and nothing when all differ', () => {
    expect(samePortProblem({ USERS_PORT: 3001, USERS_MANAGEMENT_PORT: 4001 })).toBe(false);
    expect(samePortProblem({ USERS_PORT: 3001, USERS_MANAGEMENT_PORT: 3001 })).toBe(
      'USERS_MANAGEMENT_PORT must differ from USERS_PORT (both are 3001)',
    );
    expect(samePortProblem({ A: 1, B: 2, C: 1, D: 2 })).toBe('C must differ from A (both are 1)');
  });
});
