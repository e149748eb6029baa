import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

/**
 * Deepest nesting of arrays and objects a request body may have. The platform's DTOs nest two
 * levels; past a few thousand, class-transformer and class-validator recurse out of stack (a
 * 500 from a 40 kB body), so the limit is checked before the body is parsed at all: parsing a
 * 1 MB body of nested arrays costs JSON.parse about 600 ms of CPU, the scan refuses it after 33
 * bytes. On an ordinary 2 kB body the scan costs about 18 µs against 51 µs for decoding and
 * parsing it (measured on Node 24 here), a small share of a request's cost in Nest.
 */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * How deep the JSON text in `bytes` nests, stopping as soon as it exceeds `limit`. Works on the
 * UTF-8 bytes: every structural character is ASCII, and no byte of a multi-byte sequence is.
 * Brackets inside strings do not count. Invalid JSON is left for the parser to refuse.
 */
export function exceedsJsonDepth(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The one request body type the services take: JSON (`application/json`), as UTF-8 (RFC 8259
 * §8.1), nested at most MAX_JSON_DEPTH deep, parsed by Fastify's own parser (which also refuses
 * `__proto__` and `constructor.prototype` keys). Every other type (text/plain and form bodies,
 * which Fastify and Nest accept by default) is a 415 problem; invalid UTF-8 and deep nesting are
 * 400 problems. Called before the app's routes are registered; the app is created with Nest's
 * own body parsers off.
 */
export function acceptOnlyJsonBodies(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    let text: string;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      return done(new BadRequestException('The request body is not valid UTF-8.'), undefined);
    }
    if (exceedsJsonDepth(bytes, MAX_JSON_DEPTH)) {
      return done(new BadRequestException(`The request body nests deeper than ${MAX_JSON_DEPTH} levels.`), undefined);
    }
    parse(request, text, done);
  });
}
