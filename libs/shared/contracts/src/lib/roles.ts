/**
 * The roles a caller can have: stored by users, carried in access tokens, checked by every service.
 * A contract between the services; util-auth verifies tokens against the list it is given (ROLES).
 */
export const Roles = { User: 'user', Admin: 'admin' } as const;
export type Role = (typeof Roles)[keyof typeof Roles];
export const ROLES: readonly Role[] = Object.values(Roles);
