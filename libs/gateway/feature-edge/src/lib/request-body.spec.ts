import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { BodyTooLarge, readBody } from './request-body';

/** A server that reads each request's body with a 16-byte limit and reports what came of it. */
describe('readBody', () => {
  let server: Server;
  let base: string;
  const outcomes: unknown[] = [];

  beforeAll(async () => {
    server = createServer(async (req: IncomingMessage, res) => {
      try {
        const body = await readBody(req, 16);
        outcomes.push(body === undefined ? 'none' : body.toString());
      } catch (error) {
        outcomes.push(error instanceof BodyTooLarge ? 'too large' : 'failed');
      }
      res.setHeader('connection', 'close');
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const send = async (method: 'GET' | 'POST', body?: string | Readable) => {
    outcomes.length = 0;
    const response = await request(base, { method, body });
    await response.body.dump();
    return outcomes[0];
  };

  it('reads a body within the limit, and none when there is none or the method has none', async () => {
    expect(await send('POST', '{"a":1}')).toBe('{"a":1}');
    expect(await send('POST')).toBe('none');
    expect(await send('GET')).toBe('none');
  });

  it('refuses a body over the limit, announced or chunked', async () => {
    expect(await send('POST', 'x'.repeat(17))).toBe('too large');
    const chunked = Readable.from([0, 1, 2].map(() => Buffer.from('0123456789')));
    expect(await send('POST', chunked)).toBe('too large');
  });
});
