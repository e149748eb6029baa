import { ParkingLot, type ReplaySelection } from '@platform/util-messaging';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const USAGE = `Operator commands for messages parked by consumers (RABBITMQ_URL selects the broker).

  dead-letters list                          parking queues and how many messages each holds
  dead-letters show <queue> [--limit 20]     parked messages of a consumer queue, with the reason
  dead-letters replay <queue> --id <id>...   send these messages back to that consumer queue
  dead-letters replay <queue> --all          send all of them back

<queue> is the consumer queue (auth.users-events), not its .parked queue.`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      limit: { type: 'string', default: '20' },
      id: { type: 'string', multiple: true },
      all: { type: 'boolean', default: false },
    },
  });
  const [group, command, queue] = positionals;
  if (group !== 'dead-letters' || !command) return fail(USAGE);
  if (command === 'list') return listParkingQueues();
  if (!queue) return fail(`${command} needs the consumer queue name\n\n${USAGE}`);

  const lot = await ParkingLot.connect(process.env['RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672');
  try {
    if (command === 'show') {
      const messages = await lot.peek(queue, Number(values.limit));
      console.log(`${await lot.count(queue)} parked in ${queue}.parked; showing ${messages.length}`);
      for (const m of messages) {
        console.log(
          `\n${m.messageId}  ${m.type}  parked ${m.parkedAt || '(by the broker)'} after ${m.retries} retr${m.retries === 1 ? 'y' : 'ies'}`,
        );
        console.log(`  reason: ${m.reason}`);
        console.log(`  body:   ${m.body.length > 500 ? `${m.body.slice(0, 500)}…` : m.body}`);
      }
      return 0;
    }
    if (command === 'replay') {
      if (!values.all && !values.id?.length) return fail('replay needs --all or at least one --id');
      const selection: ReplaySelection = values.all ? { all: true } : { ids: values.id ?? [] };
      const { replayed, kept } = await lot.replay(queue, selection);
      console.log(
        `replayed ${replayed.length} to ${queue}${replayed.length ? `: ${replayed.join(', ')}` : ''}; ${kept} left parked`,
      );
      return 0;
    }
    return fail(`unknown command "${command}"\n\n${USAGE}`);
  } finally {
    await lot.close();
  }
}

/** Queue listing needs the broker's own CLI: AMQP cannot enumerate queues. */
function listParkingQueues(): number {
  const result = spawnSync('rabbitmqctl', ['-q', 'list_queues', 'name', 'messages'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    return fail(
      'listing queues needs rabbitmqctl on this machine; use "show <queue>" with a known consumer queue instead',
    );
  }
  const rows = result.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([name]) => name?.endsWith('.parked'));
  if (rows.length === 0) console.log('no parking queues');
  for (const [name, count] of rows) console.log(`${count.padStart(8)}  ${name.replace(/\.parked$/, '')}`);
  return 0;
}

function fail(message: string): number {
  console.error(message);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`dead-letters: ${error.message}`);
    process.exit(1);
  },
);
