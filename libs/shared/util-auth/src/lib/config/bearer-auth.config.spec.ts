import { loadConfig } from '@platform/util-config';
import { accessTokenPolicyFrom, bearerAuthConfigSpec } from './bearer-auth.config';

describe('bearer auth config', () => {
  it('defaults to what auth signs locally', () => {
    expect(accessTokenPolicyFrom(loadConfig(bearerAuthConfigSpec, {}), ['user'])).toEqual({
      issuer: 'platform-auth',
      audience: 'platform-api',
      clockToleranceSeconds: 30,
      roles: ['user'],
    });
  });

  it('reads overrides', () => {
    const config = loadConfig(bearerAuthConfigSpec, {
      TOKEN_ISSUER: 'https://auth.example',
      TOKEN_AUDIENCE: 'api',
      TOKEN_CLOCK_TOLERANCE_S: '0',
    });
    expect(accessTokenPolicyFrom(config, ['user', 'admin'])).toEqual({
      issuer: 'https://auth.example',
      audience: 'api',
      clockToleranceSeconds: 0,
      roles: ['user', 'admin'],
    });
  });

  it('refuses a tolerance outside 0-300 s', () => {
    expect(() => loadConfig(bearerAuthConfigSpec, { TOKEN_CLOCK_TOLERANCE_S: '3600' })).toThrow(
      /TOKEN_CLOCK_TOLERANCE_S must be an integer from 0 to 300/,
    );
  });

  it('never ends up with an empty issuer or audience, which would switch their checks off', () => {
    // Empty means unset: the default applies. Blank is refused.
    expect(loadConfig(bearerAuthConfigSpec, { TOKEN_ISSUER: '' }).TOKEN_ISSUER).toBe('platform-auth');
    expect(() => loadConfig(bearerAuthConfigSpec, { TOKEN_ISSUER: '  ', TOKEN_AUDIENCE: ' ' })).toThrow(
      /TOKEN_ISSUER must be 1-200 characters without spaces.*TOKEN_AUDIENCE/,
    );
  });
});
