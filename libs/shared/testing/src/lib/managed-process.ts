import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { waitFor } from './wait-for';

/** Ports this process has handed out: the OS may offer a just-closed port again. */
const handedOut = new Set<number>();

function askTheOs(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A port free right now on 127.0.0.1 and never returned before by this process, so two apps
 * started side by side cannot be given the same one (the second would fail to bind, and a probe
 * would get its answer from the first).
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await askTheOs();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

/**
 * A real process started by a test, with its output kept for assertions and failure reports.
 * Stopped by its own PID only.
 */
export class ManagedProcess {
  output = '';
  private exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(name: string, command: string, args: string[], env: Record<string, string>): ManagedProcess {
    const child = spawn(command, args, {
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ManagedProcess(name, child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the exit code (null when killed by a signal). */
  waitForExit(timeoutMs = 10_000): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.name} did not exit within ${timeoutMs} ms`)), timeoutMs);
    });
    // Cleared once the race is decided: a pending timer would keep Jest alive after the run.
    return Promise.race([this.exited, timeout]).finally(() => clearTimeout(timer));
  }

  /** Waits until `url` answers 200, failing early (with the output) if the process dies. */
  async waitUntilReady(url: string, timeoutMs = 30_000): Promise<void> {
    await waitFor(
      async () => {
        if (!this.running) throw new Error(`${this.name} exited:\n${this.output}`);
        const response = await fetch(url).catch(() => undefined);
        return response?.status === 200;
      },
      timeoutMs,
      `${this.name} at ${url}\n${this.output.slice(-2000)}`,
    );
    // A process that failed to bind exits a moment later; the answer came from something else.
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (!this.running) throw new Error(`${this.name} answered at ${url} but has exited:\n${this.output.slice(-2000)}`);
  }

  /** Sends a signal now (SIGKILL: a crash, no chance to clean up). */
  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    try {
      await this.waitForExit(graceMs);
    } catch {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}
