export * from './auth-requests.dto';
export * from './token-response.dto';
export * from './jwks.response.dto';
