import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './managed-process';
import { waitFor } from './wait-for';

const run = promisify(execFile);

async function ownedTempDir(prefix: string, owner: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const { stdout } = await run('id', ['-u', owner]);
  const { stdout: gid } = await run('id', ['-g', owner]);
  await chown(dir, Number(stdout), Number(gid));
  return dir;
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(1_000, () => done(false));
  });
}

/**
 * A RabbitMQ node of a test's own, on free ports with its own data directory, so a fault test
 * can stop and restart "the broker" without touching the shared one. Durable queues and
 * persistent messages survive its restarts, as on a real broker. Stopped by its own node name
 * (and its PID file), never by process name.
 */
export class DedicatedRabbitMq {
  private constructor(
    private readonly dir: string,
    private readonly node: string,
    readonly port: number,
    private readonly distPort: number,
  ) {}

  get url(): string {
    return `amqp://guest:guest@127.0.0.1:${this.port}`;
  }

  static async start(): Promise<DedicatedRabbitMq> {
    const dir = await ownedTempDir('fault-rabbitmq-', 'rabbitmq');
    const [port, distPort] = [await freePort(), await freePort()];
    await writeFile(join(dir, 'rabbitmq.conf'), `listeners.tcp.local = 127.0.0.1:${port}\n`);
    await writeFile(join(dir, 'enabled_plugins'), '[].\n');
    await mkdir(join(dir, 'mnesia'));
    await mkdir(join(dir, 'log'));
    await run('chown', ['-R', 'rabbitmq:rabbitmq', dir]);
    const broker = new DedicatedRabbitMq(dir, `fault${port}@localhost`, port, distPort);
    await broker.resume();
    return broker;
  }

  private env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      RABBITMQ_NODENAME: this.node,
      RABBITMQ_NODE_PORT: String(this.port),
      RABBITMQ_DIST_PORT: String(this.distPort),
      RABBITMQ_CONFIG_FILE: join(this.dir, 'rabbitmq.conf'),
      RABBITMQ_ENABLED_PLUGINS_FILE: join(this.dir, 'enabled_plugins'),
      RABBITMQ_MNESIA_BASE: join(this.dir, 'mnesia'),
      RABBITMQ_LOG_BASE: join(this.dir, 'log'),
      RABBITMQ_PID_FILE: join(this.dir, 'pid'),
    };
  }

  /** Starts the node (again) and waits until it accepts AMQP connections. */
  async resume(): Promise<void> {
    await run('rabbitmq-server', ['-detached'], { env: this.env() });
    await waitFor(() => portOpen(this.port), 60_000, `dedicated RabbitMQ on port ${this.port}`);
    await run('rabbitmqctl', ['-n', this.node, 'await_startup'], { env: this.env(), timeout: 60_000 });
  }

  /** Stops the node as an outage would: every connection drops. */
  async pause(): Promise<void> {
    await run('rabbitmqctl', ['-n', this.node, 'stop'], { env: this.env(), timeout: 30_000 }).catch(() =>
      this.killByPid(),
    );
    await waitFor(async () => !(await portOpen(this.port)), 15_000, 'dedicated RabbitMQ to stop');
  }

  private async killByPid(): Promise<void> {
    const pid = Number(await readFile(join(this.dir, 'pid'), 'utf8').catch(() => ''));
    if (pid > 0) process.kill(pid, 'SIGKILL');
  }

  /** Stops the node for good and removes its data. */
  async destroy(): Promise<void> {
    if (await portOpen(this.port)) await this.pause().catch(() => this.killByPid());
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * A PostgreSQL cluster of a test's own (initdb into a temporary directory, trust auth, free
 * port), so a fault test can stop and start "the database" without touching the shared one.
 */
export class DedicatedPostgres {
  private constructor(
    private readonly dir: string,
    private readonly bin: string,
    readonly port: number,
  ) {}

  /** Admin URL (database `postgres`), for createTestDatabase. */
  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async start(): Promise<DedicatedPostgres> {
    const versions = readdirSync('/usr/lib/postgresql').sort();
    const bin = join('/usr/lib/postgresql', versions[versions.length - 1], 'bin');
    if (!existsSync(join(bin, 'initdb'))) throw new Error(`initdb not found in ${bin}`);
    const dir = await ownedTempDir('fault-postgres-', 'postgres');
    await run('runuser', [
      '-u',
      'postgres',
      '--',
      join(bin, 'initdb'),
      '-D',
      join(dir, 'data'),
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
    ]);
    const server = new DedicatedPostgres(dir, bin, await freePort());
    await server.resume();
    return server;
  }

  async resume(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await run('runuser', [
      '-u',
      'postgres',
      '--',
      join(this.bin, 'pg_ctl'),
      '-D',
      join(this.dir, 'data'),
      '-l',
      join(this.dir, 'log'),
      '-o',
      options,
      '-w',
      'start',
    ]);
  }

  /** Fast shutdown: open sessions are terminated, as in a database restart. */
  async pause(): Promise<void> {
    await run('runuser', [
      '-u',
      'postgres',
      '--',
      join(this.bin, 'pg_ctl'),
      '-D',
      join(this.dir, 'data'),
      '-m',
      'fast',
      '-w',
      'stop',
    ]);
  }

  async destroy(): Promise<void> {
    await this.pause().catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}
