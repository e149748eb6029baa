import { connect } from 'node:net';

export interface RawRequest {
  method: string;
  /** Sent byte for byte (latin1): dot segments, bad escapes and all. */
  target: string;
  /** In order; a name may repeat. Values are byte strings (latin1), unchecked. */
  headers: Array<[string, string]>;
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * One HTTP/1.1 exchange on its own connection, written by hand: fetch and node:http refuse
 * (or normalise) exactly the requests a fuzzer wants to send, such as control bytes in a
 * header, `..` in the path or a body that is not UTF-8.
 */
export function sendRaw(baseUrl: string, request: RawRequest, timeoutMs = 15_000): Promise<RawResponse> {
  const { hostname, port, host } = new URL(baseUrl);
  const body = request.body ?? Buffer.alloc(0);
  const lengthHeader: Array<[string, string]> =
    request.body || !['GET', 'HEAD', 'DELETE'].includes(request.method)
      ? [['content-length', String(body.length)]]
      : [];
  const lines = [
    `${request.method} ${request.target} HTTP/1.1`,
    `host: ${host}`,
    'connection: close',
    ...[...request.headers, ...lengthHeader].map(([name, value]) => `${name}: ${value}`),
  ];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no complete answer within ${timeoutMs} ms`)));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    let failure: Error | undefined;
    // A server that refuses early (413, 431) may reset the connection while the body is still
    // being written: the answer it sent first is what counts.
    socket.on('error', (error) => (failure = error));
    socket.on('close', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(failure ?? error);
      }
    });
    // Not end(): a half-closed connection makes Node's server abort the request. `connection: close` ends it.
    socket.write(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]));
  });
}

function parseResponse(raw: Buffer): RawResponse {
  const headEnd = raw.indexOf('\r\n\r\n');
  if (headEnd < 0) throw new Error(`connection closed without a complete response head (${raw.length} bytes)`);
  const [statusLine, ...headerLines] = raw.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  if (!status) throw new Error(`not an HTTP status line: ${JSON.stringify(statusLine)}`);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    headers[name] =
      headers[name] === undefined ? line.slice(colon + 1).trim() : `${headers[name]}, ${line.slice(colon + 1).trim()}`;
  }
  const rest = raw.subarray(headEnd + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) return { status, headers, body: dechunk(rest) };
  const length = Number(headers['content-length'] ?? rest.length);
  if (rest.length < length) throw new Error(`connection closed after ${rest.length} of ${length} body bytes`);
  return { status, headers, body: rest.subarray(0, length) };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (lineEnd < 0 || !(size > 0)) return Buffer.concat(parts);
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}
