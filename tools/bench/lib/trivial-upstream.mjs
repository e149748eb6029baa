// The cheapest upstream there is: one small JSON answer to every request, over keep-alive.
// Measures a proxy hop alone. Usage: node trivial-upstream.mjs <port>
import { createServer } from 'node:http';

const body = JSON.stringify({
  id: '0b9f1f9e-3c1a-4bde-9d1e-6f1c2b1e8a55',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  role: 'user',
  version: 1,
});
const server = createServer((request, response) => {
  request.resume();
  response.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2]), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
