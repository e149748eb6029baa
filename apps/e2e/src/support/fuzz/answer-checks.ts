import type { RawResponse } from './raw-http';

const LEAKS = /\n\s+at |node_modules|\.ts:\d+|QueryFailedError/;

/** What every answer owes a client, whatever it sent: no 5xx, and errors as RFC 9457 problems. */
export function answerViolations(response: RawResponse): string[] {
  const violations: string[] = [];
  if (response.status >= 500) violations.push(`status ${response.status} (a server error for client input)`);
  if (response.status < 400) return violations;
  const contentType = response.headers['content-type'] ?? '';
  if (!/^application\/problem\+json/.test(contentType))
    violations.push(`content-type ${JSON.stringify(contentType)} instead of application/problem+json`);
  const text = response.body.toString('utf8');
  let problem: Record<string, unknown> | undefined;
  try {
    problem = JSON.parse(text);
  } catch {
    violations.push('a body that is not JSON');
  }
  if (problem) {
    const wrong = [
      typeof problem['type'] !== 'string' && 'type',
      typeof problem['title'] !== 'string' && 'title',
      problem['status'] !== response.status && 'status',
    ].filter(Boolean);
    if (wrong.length > 0) violations.push(`problem members missing or wrong: ${wrong.join(', ')}`);
  }
  if (LEAKS.test(text)) violations.push('internals (a stack trace, source path or driver error) in the body');
  return violations;
}

/** A short, printable view of an answer for a failure message. */
export function describeAnswer(response: RawResponse): string {
  const text = response.body.toString('utf8');
  return `${response.status} ${response.headers['content-type'] ?? '(no content-type)'} ${JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}…` : text)}`;
}
