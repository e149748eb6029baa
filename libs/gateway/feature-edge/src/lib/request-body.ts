import type { IncomingMessage } from 'node:http';

/** The request body is larger than the gateway forwards. */
export class BodyTooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`Request body is too large (over ${limitBytes} bytes).`);
  }
}

/** The client went away while sending its body. */
export class BodyAborted extends Error {}

/** Whether a request announces a body (RFC 9112 §6.3: Transfer-Encoding, or a non-zero Content-Length). */
function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * The whole request body, to forward (and resend, should a repeatable request fail over), or
 * undefined when there is none. Refuses more than `limitBytes`: at once when Content-Length says
 * so, otherwise as soon as the bytes received pass it. GET and HEAD bodies are not forwarded
 * (they have no defined meaning); Node discards them.
 */
export function readBody(request: IncomingMessage, limitBytes: number): Promise<Buffer | undefined> | undefined {
  if (request.method === 'GET' || request.method === 'HEAD' || !hasBody(request)) return undefined;
  if (Number(request.headers['content-length']) > limitBytes) return Promise.reject(new BodyTooLarge(limitBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limitBytes) return void chunks.push(chunk);
      request.off('data', onData);
      reject(new BodyTooLarge(limitBytes));
    };
    request.on('data', onData);
    request.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    request.once('error', () => reject(new BodyAborted('the client went away while sending the body')));
    request.once('close', () => {
      if (!request.complete) reject(new BodyAborted('the client went away while sending the body'));
    });
  });
}
