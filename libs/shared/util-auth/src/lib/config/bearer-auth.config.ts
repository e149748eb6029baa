import { makeValidator } from 'envalid';
import { intInRange } from '@platform/util-config';
import type { AccessTokenPolicy } from '../access-token';

/** An empty issuer or audience would make the check meaningless: refuse that at boot. */
const claimValue = makeValidator<string>((input: string) => {
  if (!/^\S{1,200}$/.test(input)) throw new Error(`must be 1-200 characters without spaces (got "${input}")`);
  return input;
});

/** Settings of every app that verifies access tokens; they must match what auth signs. */
export const bearerAuthConfigSpec = {
  TOKEN_ISSUER: claimValue({ default: 'platform-auth', desc: 'Expected `iss` of access tokens' }),
  TOKEN_AUDIENCE: claimValue({ default: 'platform-api', desc: 'Expected `aud` of access tokens' }),
  TOKEN_CLOCK_TOLERANCE_S: intInRange(
    0,
    300,
  )({ default: 30, desc: 'Clock skew tolerated on exp, nbf and iat, in seconds' }),
};

export interface BearerAuthConfig {
  TOKEN_ISSUER: string;
  TOKEN_AUDIENCE: string;
  TOKEN_CLOCK_TOLERANCE_S: number;
}

/** The policy from the app's config; `roles` are the platform's (contracts' ROLES). */
export function accessTokenPolicyFrom(config: BearerAuthConfig, roles: readonly string[]): AccessTokenPolicy {
  return {
    roles,
    issuer: config.TOKEN_ISSUER,
    audience: config.TOKEN_AUDIENCE,
    clockToleranceSeconds: config.TOKEN_CLOCK_TOLERANCE_S,
  };
}
