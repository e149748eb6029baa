/** Routing keys of the events the auth service publishes (versioned in the name, as users'). */
export const AuthEvents = {
  AccessRevoked: 'auth.access.revoked.v1',
} as const;

export type AuthEventName = (typeof AuthEvents)[keyof typeof AuthEvents];
