// The plainest Node proxy worth comparing with: Fastify with @fastify/http-proxy (undici pool,
// keep-alive), no auth, no limits, no logging. Usage: node plain-proxy.mjs <port> <upstream URL>
import fastifyHttpProxy from '@fastify/http-proxy';
import Fastify from 'fastify';

const [port, upstream] = [Number(process.argv[2]), process.argv[3]];
const app = Fastify({ logger: false });
await app.register(fastifyHttpProxy, {
  upstream,
  prefix: '/api/v1/users',
  rewritePrefix: '/v1/users',
  undici: { connections: 64, pipelining: 1 },
});
await app.listen({ port, host: '127.0.0.1' });
process.send?.('ready');
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
