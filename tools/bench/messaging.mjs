#!/usr/bin/env node
// Messaging benchmark against the running platform (`npm start` first). Not a test.
//
// 1. End to end: N user changes through the users service (HTTP, C at a time). Each commits its
//    event to the outbox; the relay publishes it with confirms; auth consumes it (inbox + its
//    copy of the user). Events/s = N / (last consumption - first commit); latency per event =
//    auth's inbox processed_at - the outbox occurred_at (both stamped by PostgreSQL's clock
//    or the app's, on this one machine).
// 2. Backlog drain: B events inserted straight into the outbox at once (as after a broker outage),
//    timed until auth has consumed them all: the pipeline's own capacity (relay with confirms,
//    broker, consumer with inbox), without the users service's HTTP writes in front of it.
//    The synthetic users it creates in auth are removed afterwards.
// 3. Raw RabbitMQ in the same run: amqplib publishing M persistent messages to a durable queue
//    with confirms (256 outstanding), then consuming them with acks: the ceiling the platform
//    is measured against.
import '../scripts/lib/require-node.mjs'; // first: one clear line on a Node too old to run the rest
import amqplib from 'amqplib';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadDotEnv, settings } from '../scripts/lib/env.mjs';
import { login } from './lib/bench-platform.mjs';

loadDotEnv();
const config = settings();
const { values } = parseArgs({
  options: {
    changes: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '32' },
    raw: { type: 'string', default: '20000' },
    backlog: { type: 'string', default: '5000' },
  },
});
const CHANGES = Number(values.changes);
const CONCURRENCY = Number(values.concurrency);
const RAW = Number(values.raw);
const BACKLOG = Number(values.backlog);
const usersUrl = `http://127.0.0.1:${config.usersPort}`;

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function endToEnd() {
  // Users answers writes only to a bearer token: the administrator's, from .env.local (npm start wrote it).
  const authorization = await login(`http://127.0.0.1:${config.gatewayPort}`, {
    email: process.env.ADMIN_EMAIL,
    password: process.env.ADMIN_PASSWORD,
  });
  const usersDb = new pg.Client({ connectionString: config.usersDatabaseUrl });
  const authDb = new pg.Client({ connectionString: config.authDatabaseUrl });
  await Promise.all([usersDb.connect(), authDb.connect()]);
  try {
    const [{ since }] = (await usersDb.query('SELECT coalesce(max(id), 0) AS since FROM outbox_messages')).rows;
    const run = randomUUID().slice(0, 8);
    const creates = Math.ceil(CHANGES / 3);
    const ids = [];
    let next = 0;
    const started = Date.now();
    const worker = async () => {
      for (let i = next++; i < CHANGES; i = next++) {
        const response =
          i < creates || ids.length === 0
            ? await fetch(`${usersUrl}/v1/users`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', authorization },
                body: JSON.stringify({ email: `bench-${run}-${i}@example.com`, name: `Bench ${i}` }),
              })
            : await fetch(`${usersUrl}/v1/users/${ids[i % ids.length]}`, {
                method: 'PATCH',
                headers: { 'content-type': 'application/json', authorization },
                body: JSON.stringify({ name: `Bench ${run} ${i}` }),
              });
        const body = await response.json();
        if (!response.ok) throw new Error(`write ${i} failed: ${response.status} ${JSON.stringify(body)}`);
        if (i < creates) ids.push(body.id);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const writeSeconds = (Date.now() - started) / 1000;

    const { rows: events } = await usersDb.query(
      'SELECT message_id, extract(epoch FROM occurred_at) * 1000 AS at FROM outbox_messages WHERE id > $1',
      [since],
    );
    const committedAt = new Map(events.map((e) => [e.message_id, Number(e.at)]));
    let consumed = new Map();
    const deadline = Date.now() + 120_000;
    while (consumed.size < committedAt.size && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const { rows } = await authDb.query(
        `SELECT message_id, extract(epoch FROM processed_at) * 1000 AS at FROM inbox_messages
         WHERE consumer = 'auth.user-directory' AND message_id = ANY($1)`,
        [[...committedAt.keys()]],
      );
      consumed = new Map(rows.map((r) => [r.message_id, Number(r.at)]));
    }
    if (consumed.size < committedAt.size)
      throw new Error(`only ${consumed.size} of ${committedAt.size} events consumed within 120 s`);
    const delays = [...consumed].map(([id, at]) => at - committedAt.get(id)).sort((a, b) => a - b);
    const first = Math.min(...committedAt.values());
    const last = Math.max(...consumed.values());
    return {
      events: committedAt.size,
      writesPerSecond: CHANGES / writeSeconds,
      eventsPerSecond: committedAt.size / ((last - first) / 1000),
      p50: percentile(delays, 50),
      p99: percentile(delays, 99),
      max: delays[delays.length - 1],
    };
  } finally {
    await Promise.all([usersDb.end(), authDb.end()]);
  }
}

async function backlogDrain() {
  const usersDb = new pg.Client({ connectionString: config.usersDatabaseUrl });
  const authDb = new pg.Client({ connectionString: config.authDatabaseUrl });
  await Promise.all([usersDb.connect(), authDb.connect()]);
  try {
    const { rows } = await usersDb.query(
      `INSERT INTO outbox_messages (message_id, type, aggregate_id, payload, occurred_at)
       SELECT gen_random_uuid(), 'users.user.updated.v1', u::text,
              jsonb_build_object('userId', u, 'email', 'drain-' || i || '@bench.example.com', 'name', 'Drain', 'version', 1,
                                 'occurredAt', to_char(now() AT TIME ZONE 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
              now()
       FROM (SELECT gen_random_uuid() AS u, i FROM generate_series(1, $1) AS i) AS s
       RETURNING message_id, aggregate_id`,
      [BACKLOG],
    );
    const started = Date.now();
    const ids = rows.map((r) => r.message_id);
    let done = 0;
    while (done < ids.length && Date.now() - started < 180_000) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      done = Number(
        (await authDb.query(`SELECT count(*) FROM inbox_messages WHERE message_id = ANY($1)`, [ids])).rows[0].count,
      );
    }
    const seconds = (Date.now() - started) / 1000;
    await authDb.query('DELETE FROM user_accounts WHERE user_id = ANY($1::uuid[])', [rows.map((r) => r.aggregate_id)]);
    if (done < ids.length) throw new Error(`only ${done} of ${ids.length} backlog events consumed within 180 s`);
    return { events: ids.length, eventsPerSecond: ids.length / seconds };
  } finally {
    await Promise.all([usersDb.end(), authDb.end()]);
  }
}

async function rawAmqp() {
  const connection = await amqplib.connect(config.rabbitMqUrl);
  const queue = `bench-raw-${randomUUID()}`;
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertQueue(queue, { durable: true });
    const body = Buffer.from(
      JSON.stringify({
        userId: randomUUID(),
        email: 'bench@example.com',
        name: 'Bench',
        version: 1,
        occurredAt: new Date().toISOString(),
      }),
    );
    let started = Date.now();
    for (let i = 0; i < RAW; i++) {
      channel.sendToQueue(queue, body, { persistent: true, messageId: String(i) });
      if (i % 256 === 255) await channel.waitForConfirms();
    }
    await channel.waitForConfirms();
    const publishPerSecond = RAW / ((Date.now() - started) / 1000);

    const consumer = await connection.createChannel();
    await consumer.prefetch(256);
    started = Date.now();
    let consumerTag;
    await new Promise((resolve) => {
      let received = 0;
      consumer
        .consume(queue, (message) => {
          if (!message) return; // cancelled by the server
          consumer.ack(message);
          if (++received === RAW) resolve();
        })
        .then((reply) => (consumerTag = reply.consumerTag));
    });
    const consumePerSecond = RAW / ((Date.now() - started) / 1000);
    await consumer.cancel(consumerTag);
    await channel.deleteQueue(queue);
    return { publishPerSecond, consumePerSecond };
  } finally {
    await connection.close();
  }
}

const ready = await fetch(`${usersUrl}/health/ready`).catch(() => undefined);
if (ready?.status !== 200) {
  console.error(`users is not ready at ${usersUrl}; start the platform first: npm start`);
  process.exit(1);
}
console.log(
  `end to end: ${CHANGES} changes, ${CONCURRENCY} at a time, users -> outbox -> RabbitMQ (confirms) -> auth (inbox)`,
);
const e2e = await endToEnd();
console.log(`backlog drain: ${BACKLOG} events inserted into the outbox at once`);
const drain = await backlogDrain();
console.log(`raw amqplib: ${RAW} persistent messages, confirms 256 outstanding, then consume + ack`);
const raw = await rawAmqp();
console.log('');
console.log(`writes accepted by users          ${fmt(e2e.writesPerSecond)} /s`);
console.log(`events committed -> consumed      ${fmt(e2e.eventsPerSecond)} /s  (${e2e.events} events)`);
console.log(
  `commit -> consumption delay       p50 ${fmt(e2e.p50)} ms   p99 ${fmt(e2e.p99)} ms   max ${fmt(e2e.max)} ms`,
);
console.log(`backlog drained (relay -> auth)   ${fmt(drain.eventsPerSecond)} /s  (${drain.events} events)`);
console.log(`raw amqplib publish (confirmed)   ${fmt(raw.publishPerSecond)} /s`);
console.log(`raw amqplib consume + ack         ${fmt(raw.consumePerSecond)} /s`);
console.log(`ratio end to end : raw publish     ${fmt(e2e.eventsPerSecond / raw.publishPerSecond, 3)}`);
console.log(`ratio drain : raw publish         ${fmt(drain.eventsPerSecond / raw.publishPerSecond, 3)}`);
