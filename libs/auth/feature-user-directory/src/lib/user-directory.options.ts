export interface UserDirectoryOptions {
  /** Auth's own queue for users events (its copy of the fan-out). */
  queue: string;
}

export const USER_DIRECTORY_OPTIONS = Symbol('USER_DIRECTORY_OPTIONS');
