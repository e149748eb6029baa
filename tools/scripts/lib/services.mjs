import amqplib from 'amqplib';
import pg from 'pg';

const HOW_TO_START = {
  postgres: 'start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
  rabbitmq: 'start it with: rabbitmq-server -detached',
};

const hostOf = (url) => {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || (parsed.protocol.startsWith('amqp') ? 5672 : 5432)}`;
};

/** The same server, its maintenance database: where CREATE DATABASE is run. */
const maintenanceUrl = (databaseUrl) => {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
};

/** Thrown with a one-line, actionable message; callers print it and exit. */
export class ServiceUnavailable extends Error {}

/** Creates each database that does not exist yet (they all live on one server). */
export async function ensureDatabases(databaseUrls) {
  const client = new pg.Client({ connectionString: maintenanceUrl(databaseUrls[0]), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    throw new ServiceUnavailable(
      `PostgreSQL is not reachable at ${hostOf(databaseUrls[0])} (${error.message}); ${HOW_TO_START.postgres}`,
    );
  }
  try {
    const created = [];
    for (const url of databaseUrls) {
      const name = decodeURIComponent(new URL(url).pathname.slice(1));
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (rowCount === 0) {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
        created.push(name);
      }
    }
    return created;
  } finally {
    await client.end();
  }
}

/** Connects once to the broker and disconnects, or says in one line why it cannot. */
export async function checkRabbitMq(url) {
  try {
    const connection = await amqplib.connect(url, { timeout: 3000 });
    await connection.close();
  } catch (error) {
    throw new ServiceUnavailable(
      `RabbitMQ is not reachable at ${hostOf(url)} (${error.message || error.code}); ${HOW_TO_START.rabbitmq}`,
    );
  }
}

/** Connects once to PostgreSQL and disconnects, or says in one line why it cannot. */
export async function checkPostgres(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    throw new ServiceUnavailable(
      `PostgreSQL is not reachable at ${hostOf(url)} (${error.message}); ${HOW_TO_START.postgres}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
