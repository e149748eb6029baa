import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * The name of a process's own exclusive queue (`<prefix>.<host>-<pid>-<random>`), for
 * subscribers where every instance needs every message: unique per process, and readable in
 * the broker's queue list.
 */
export function instanceQueueName(prefix: string): string {
  return `${prefix}.${hostname()
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .slice(0, 60)}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
