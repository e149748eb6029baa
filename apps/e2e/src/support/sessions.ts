import { randomBytes } from 'node:crypto';
import { http } from './http';

export interface Session {
  userId: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  /** Authorization header of the access token. */
  auth: Record<string, string>;
}

/** Registers a new user through the gateway and logs them in (`headers` on both calls). */
export async function registerAndLogin(
  gatewayUrl: string,
  label: string,
  headers: Record<string, string> = {},
): Promise<Session> {
  const email = `${label}-${randomBytes(4).toString('hex')}@example.com`;
  const password = `pw-${randomBytes(12).toString('base64url')}`;
  const registered = await http(gatewayUrl, 'POST', '/api/v1/auth/register', { email, password, name: label }, headers);
  if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${registered.text}`);
  return { userId: registered.body.id, email, password, ...(await login(gatewayUrl, email, password, headers)) };
}

export async function login(gatewayUrl: string, email: string, password: string, headers: Record<string, string> = {}) {
  const response = await http(gatewayUrl, 'POST', '/api/v1/auth/login', { email, password }, headers);
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${response.text}`);
  const { accessToken, refreshToken } = response.body;
  return { accessToken, refreshToken, auth: { authorization: `Bearer ${accessToken}` } };
}
