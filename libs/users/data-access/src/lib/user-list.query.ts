/** Columns a user list can be ordered by. */
export const USER_SORT_FIELDS = ['createdAt', 'updatedAt', 'email', 'name'] as const;
export type UserSortField = (typeof USER_SORT_FIELDS)[number];

export interface UserListQuery {
  limit: number;
  offset: number;
  sortBy: UserSortField;
  direction: 'ASC' | 'DESC';
  /** Exact e-mail match (case-insensitive). */
  email?: string;
  /** Case-insensitive substring of the name. */
  nameContains?: string;
}

export interface UserListPage<T> {
  items: T[];
  total: number;
}
