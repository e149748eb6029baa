import { PassThrough } from 'node:stream';
import type { Socket } from 'node:net';
import { clientErrorProblem } from './framework-problems';

/** A writable socket stand-in that keeps what was written. */
function socket(): { socket: Socket; written: () => string; destroyed: () => boolean } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  let destroyed = false;
  const fake = Object.assign(stream, { destroy: () => ((destroyed = true), stream) }) as unknown as Socket;
  return { socket: fake, written: () => text, destroyed: () => destroyed };
}

describe('clientErrorProblem', () => {
  it('answers a request Node could not parse with a problem+json 400 and closes', async () => {
    const target = socket();
    clientErrorProblem(
      Object.assign(new Error('Invalid header value char'), { code: 'HPE_INVALID_HEADER_TOKEN' }),
      target.socket,
    );
    await new Promise((resolve) => setImmediate(resolve));
    const [head, body] = target.written().split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(head).toMatch(/Content-Type: application\/problem\+json; charset=utf-8/);
    expect(head).toMatch(/Connection: close/);
    expect(JSON.parse(body)).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'The request is not valid HTTP/1.1.',
    });
  });

  it('says 431 for a head too large', async () => {
    const target = socket();
    clientErrorProblem(Object.assign(new Error('overflow'), { code: 'HPE_HEADER_OVERFLOW' }), target.socket);
    await new Promise((resolve) => setImmediate(resolve));
    expect(target.written()).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large/);
  });

  it('only closes a connection the client has reset', () => {
    const target = socket();
    clientErrorProblem(Object.assign(new Error('reset'), { code: 'ECONNRESET' }), target.socket);
    expect(target.destroyed()).toBe(true);
    expect(target.written()).toBe('');
  });
});
