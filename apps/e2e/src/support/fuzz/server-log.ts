import { waitFor } from '@platform/testing';
import type { Platform } from '../platform';

/**
 * The error some process logged for `requestId` (the first line of its stack), which says why a
 * 5xx happened. Logs are written asynchronously, so it waits a moment for the line.
 */
export async function loggedErrorOf(platform: Platform, requestId: string): Promise<string | undefined> {
  return waitFor(() => findLoggedError(platform, requestId), 2_000).catch(() => undefined);
}

function findLoggedError(platform: Platform, requestId: string): string | undefined {
  const errors = Object.values(platform.processes).flatMap((process) =>
    process.output
      .split('\n')
      .filter((line) => line.includes(requestId))
      .flatMap((line) => {
        const stack = parsedStack(line);
        return stack ? [`${process.name}: ${stack.split('\n')[0]}`] : [];
      }),
  );
  return errors.length > 0 ? errors.join('; ') : undefined;
}

function parsedStack(line: string): string | undefined {
  try {
    const entry = JSON.parse(line);
    return typeof entry.stack === 'string' ? entry.stack : undefined;
  } catch {
    return undefined;
  }
}
