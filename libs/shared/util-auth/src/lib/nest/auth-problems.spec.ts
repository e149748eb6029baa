import { ProblemException } from '@platform/util-http';
import { InvalidTokenError, KeysUnavailableError } from '../token-errors';
import { authProblemFor, forbiddenProblem } from './auth-problems';

describe('authProblemFor', () => {
  it('answers a refused token with 401 and the invalid_token challenge, hiding the reason', () => {
    const problem = authProblemFor(
      new InvalidTokenError('jwt audience invalid. expected: platform-api'),
    ) as ProblemException;
    expect(problem.getStatus()).toBe(401);
    expect(problem.headers).toEqual({ 'WWW-Authenticate': 'Bearer realm="platform", error="invalid_token"' });
    expect(JSON.stringify(problem.problem)).not.toContain('audience');
  });

  it('answers unavailable keys with 503 dependency-unavailable', () => {
    const problem = authProblemFor(
      new KeysUnavailableError('GET http://auth/jwks failed: ECONNREFUSED'),
    ) as ProblemException;
    expect(problem.problem).toMatchObject({ status: 503, type: 'urn:problem-type:dependency-unavailable' });
    expect(JSON.stringify(problem.problem)).not.toContain('ECONNREFUSED');
  });

  it('returns any other error unchanged, to surface as a 500', () => {
    const bug = new TypeError('x is undefined');
    expect(authProblemFor(bug)).toBe(bug);
  });
});

describe('forbiddenProblem', () => {
  it('names the roles allowed', () => {
    expect(forbiddenProblem(['admin']).problem.detail).toBe('This operation needs the admin role.');
    expect(forbiddenProblem(['user', 'admin']).problem.detail).toBe('This operation needs the user or admin role.');
  });
});
