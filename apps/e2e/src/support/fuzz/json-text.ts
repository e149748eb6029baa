import fc from 'fast-check';

/**
 * A piece of a request body written byte for byte. Used for what a JS value cannot carry to
 * JSON.stringify (invalid UTF-8, `1e400`, a 10,000-level nesting that would overflow a
 * recursive printer), and printed in counterexamples by its label, not its bytes.
 */
export class Verbatim {
  constructor(
    readonly label: string,
    readonly bytes: Buffer,
  ) {}

  [fc.toStringMethod](): string {
    const shown =
      this.bytes.length <= 120 ? JSON.stringify(this.bytes.toString('latin1')) : `${this.bytes.length} bytes`;
    return `verbatim(${this.label}: ${shown})`;
  }
}

export const verbatim = (label: string, content: string | Buffer): Verbatim =>
  new Verbatim(label, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);

/** `[[[…]]]` or `{"a":{"a":…}}`, `depth` levels, written out directly. */
export function deeplyNested(kind: 'array' | 'object', depth: number): Verbatim {
  const [open, close] = kind === 'array' ? ['[', ']'] : ['{"a":', '}'];
  return verbatim(
    `${kind} nested ${depth} deep`,
    `${open.repeat(depth)}${kind === 'array' ? '' : 'null'}${close.repeat(depth)}`,
  );
}

/** A JSON string of `unit` repeated `times` times. */
export function hugeString(unit: string, times: number): Verbatim {
  return verbatim(`${JSON.stringify(unit)} × ${times}`, JSON.stringify(unit.repeat(times)));
}

/** The body bytes of a JSON value that may hold Verbatim pieces anywhere. */
export function jsonBytes(value: unknown): Buffer {
  if (value instanceof Verbatim) return value.bytes;
  if (Array.isArray(value)) return join('[', value.map(jsonBytes), ']');
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .map(([key, member]) => Buffer.concat([Buffer.from(`${JSON.stringify(key)}:`), jsonBytes(member)]));
    return join('{', members, '}');
  }
  return Buffer.from(JSON.stringify(value) ?? 'null', 'utf8');
}

function join(open: string, parts: Buffer[], close: string): Buffer {
  const separated = parts.flatMap((part, index) => (index === 0 ? [part] : [Buffer.from(','), part]));
  return Buffer.concat([Buffer.from(open), ...separated, Buffer.from(close)]);
}
