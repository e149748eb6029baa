import { connect } from 'node:net';

export interface RawResponse {
  /** Status of the final answer (interim 1xx answers skipped); 0 when none came. */
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Everything the server sent, interim answers included. */
  text: string;
}

/**
 * Sends `head` (request line and headers, CRLF-separated, without the blank line) and `body`
 * as bytes on a fresh connection, exactly as given, and reads until the server closes or
 * `timeoutMs` passes. For requests a well-behaved client library refuses to send: duplicated or
 * conflicting framing headers, absolute-form targets, `Expect`, raw invalid bytes.
 */
export function rawRequest(
  url: string,
  head: string,
  body: Buffer | string = '',
  timeoutMs = 5_000,
): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseResponse(Buffer.concat(chunks).toString('latin1')));
    };
    const timer = setTimeout(done, timeoutMs);
    // Written, not ended: a half-closed connection tells a server the client has gone. The server
    // ends it after answering (Connection: close).
    socket.on('connect', () =>
      socket.write(Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), Buffer.from(body)])),
    );
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', done);
    socket.on('error', (error) => (chunks.length > 0 ? done() : reject(error)));
  });
}

function parseResponse(text: string): RawResponse {
  let rest = text;
  for (;;) {
    const match = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n/.exec(rest);
    if (!match) return { status: 0, headers: {}, body: '', text };
    const end = rest.indexOf('\r\n\r\n');
    const headerLines = rest.slice(match[0].length, end === -1 ? undefined : end).split('\r\n');
    const afterHead = end === -1 ? '' : rest.slice(end + 4);
    const status = Number(match[1]);
    if (status >= 100 && status < 200) {
      rest = afterHead;
      continue;
    }
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    return { status, headers, body: afterHead, text };
  }
}

/** A request head for `rawRequest`: the request line, Host, Connection: close, then `headers`. */
export function requestHead(method: string, target: string, headers: string[] = []): string {
  return [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...headers].join('\r\n');
}
