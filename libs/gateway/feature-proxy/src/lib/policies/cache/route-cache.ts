import type { Caller } from '@platform/util-auth';
import { CALLER_ID } from '@platform/util-observability';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { RouteDefinition } from '../../routing/route-table';
import type { RouteCachePolicy } from '../route-policies.types';
import { cacheKey, cacheTags } from './cache-key';
import { matchCachePath, parseCachePath } from './cache-path';
import { freshnessMs, ifNoneMatchHits, parseCacheControl, STORED_HEADERS } from './cacheability';
import type { ResponseCache } from './response-cache';
import type { CachedResponse } from './response-store';

const PENDING = Symbol('pending cache entry');

interface Pending {
  key: string;
  tags: string[];
  seq: number;
}

type WithPending = FastifyRequest & { [PENDING]?: Pending; [CALLER_ID]?: unknown };

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The cache of one route: answers GETs from it, stores the upstream's cacheable answers, and
 * drops what a write through this gateway changed (the event does it too, for writes made
 * elsewhere, but a client expects to read its own write at once).
 */
export class RouteCache {
  private readonly segments: NonNullable<ReturnType<typeof parseCachePath>>;

  constructor(
    private readonly route: RouteDefinition,
    private readonly policy: RouteCachePolicy,
    private readonly cache: ResponseCache,
  ) {
    const segments = parseCachePath(policy.path);
    if (!segments) throw new Error(`route ${route.prefix}: invalid cache.path ${policy.path} (validateRouteTable refuses it)`);
    this.segments = segments;
  }

  /** Answers a GET from the cache (true), or remembers how to store the upstream's answer (false). */
  async serve(request: FastifyRequest, reply: FastifyReply, caller: Caller | undefined): Promise<boolean> {
    if (request.method !== 'GET' || !this.cache.usable) return false;
    const params = this.paramsOf(request.url);
    const key = params && cacheKey(this.policy, caller, request.url);
    if (!params || !key) return false;
    // A client's no-cache asks for the upstream's answer (which then refreshes the entry); note
    // that fetch() adds it to any request given an If-None-Match and no Cache-Control of its own.
    const directives = parseCacheControl(request.headers['cache-control']);
    const { entry, seq } = await this.cache.lookup(key);
    if (entry && !directives.has('no-cache')) {
      this.reply(request, reply, entry);
      return true;
    }
    if (!directives.has('no-store')) (request as WithPending)[PENDING] = { key, tags: cacheTags(params, caller), seq };
    return false;
  }

  /**
   * onSend: buffers and stores a cacheable upstream answer; after a write, drops the entries of
   * what it named and of its caller before the client hears back, so its next read is fresh.
   */
  readonly onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    if (WRITES.has(request.method)) {
      await this.invalidateAfterWrite(request);
      return payload;
    }
    const pending = (request as WithPending)[PENDING];
    if (!pending || reply.statusCode !== 200 || !isStream(payload)) return payload;
    const headers = reply.getHeaders();
    const ttlMs = freshnessMs(headers, this.policy);
    if (ttlMs === undefined) return payload;
    const body = await readAll(payload);
    const stored: Record<string, string> = {};
    for (const name of STORED_HEADERS) if (typeof headers[name] === 'string') stored[name] = headers[name] as string;
    this.cache.save(pending.key, { headers: stored, body, storedAt: Date.now() }, ttlMs, pending.tags, pending.seq);
    reply.header('x-cache', 'MISS');
    return body;
  };

  private async invalidateAfterWrite(request: FastifyRequest): Promise<void> {
    const params = this.paramsOf(request.url) ?? [];
    const caller = (request as WithPending)[CALLER_ID];
    const tags = typeof caller === 'string' ? [...params, caller] : params;
    await Promise.all(tags.map((tag) => this.cache.invalidate(tag))).catch(() => undefined);
  }

  private paramsOf(url: string): string[] | undefined {
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    return matchCachePath(this.segments, path.slice(this.route.prefix.length));
  }

  private reply(request: FastifyRequest, reply: FastifyReply, entry: CachedResponse): void {
    const age = String(Math.max(0, Math.floor((Date.now() - entry.storedAt) / 1000)));
    reply.header('age', age).header('x-cache', 'HIT');
    if (ifNoneMatchHits(request.headers['if-none-match'], entry.headers['etag'])) {
      for (const name of ['etag', 'cache-control', 'last-modified']) if (entry.headers[name]) reply.header(name, entry.headers[name]);
      reply.code(304).send();
      return;
    }
    reply.code(200).headers(entry.headers).send(entry.body);
  }
}

function isStream(payload: unknown): payload is Readable {
  return typeof payload === 'object' && payload !== null && typeof (payload as Readable).pipe === 'function';
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
