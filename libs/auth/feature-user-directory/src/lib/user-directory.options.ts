export interface UserDirectoryOptions {
  /** Auth's own queue for users events (its copy of the fan-out). */
  queue: string;
  /** Waits before each retry of an event that failed to apply; then it is parked. */
  retryDelaysMs?: readonly number[];
}

export const USER_DIRECTORY_OPTIONS = Symbol('USER_DIRECTORY_OPTIONS');
