/**
 * One generated request, symbolic where it names the platform's state (who calls, which
 * existing user), so that it prints readably in a counterexample and replays against any run.
 */
export interface FuzzCase {
  credential: Credential;
  /** Values of the operation's path parameters. */
  path: Record<string, PathValue>;
  /** `name=value` pieces of the query string, already escaped (or deliberately mis-escaped). */
  query: string[];
  /** Header parameters and other headers, as byte strings (latin1). */
  headers: Array<[string, string]>;
  /** `content` is a JSON value that may hold Verbatim pieces; a Verbatim at the top is the whole body. */
  body?: { contentType?: string; content: unknown };
}

/** A registered user's or the admin's real access token, or these exact Authorization headers. */
export type Credential = 'user' | 'admin' | { authorization: string[] };

/** An existing user's id written in some form, or a literal path segment. */
export type PathValue = { existingUser: number; form: UserIdForm } | { segment: string };

export type UserIdForm =
  | 'as-is'
  | 'upper-case'
  | 'no-dashes'
  | 'braces'
  | 'trailing-slash'
  | 'dot-segment-after'
  | 'percent-encoded';

export function writeUserId(id: string, form: UserIdForm): string {
  switch (form) {
    case 'as-is':
      return id;
    case 'upper-case':
      return id.toUpperCase();
    case 'no-dashes':
      return id.replace(/-/g, '');
    case 'braces':
      return `%7B${id}%7D`;
    case 'trailing-slash':
      return `${id}/`;
    case 'dot-segment-after':
      return `${id}/..`;
    case 'percent-encoded':
      return [...id].map((char) => `%${char.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
  }
}
