/**
 * Runs an app's bootstrap and turns a start-up failure into one readable line and exit code 1,
 * instead of a stack trace: bad config, an unreachable database, a port in use.
 */
export function runApp(name: string, bootstrap: () => Promise<void>): void {
  bootstrap().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`[${name}] failed to start: ${message.split('\n')[0]}\n`);
    if (process.env['DEBUG_STARTUP']) process.stderr.write(`${(error as Error)?.stack}\n`);
    process.exit(1);
  });
}
