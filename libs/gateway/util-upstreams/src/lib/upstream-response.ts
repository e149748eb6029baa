import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';

/** Where a response body goes as it arrives: the client's response, usually. */
export interface BodySink {
  /** One chunk; false asks the upstream to pause until `resume()` is called. */
  write(chunk: Buffer): boolean;
  end(): void;
  /** The body broke off (reset, body timeout, cancelled): the sink must not wait for more. */
  fail(error: Error): void;
}

type Settle = { resolve: (response: UpstreamResponse) => void; reject: (error: unknown) => void };

/**
 * One request to one upstream instance, as an undici dispatch handler: the promise resolves with
 * the status and headers, and the body then goes straight to a sink (no stream objects between
 * the socket and the client). Chunks that arrive before the sink is attached (a small answer comes
 * in the same read as its headers) are kept until it is. This path is the gateway's hottest: undici's
 * request() wraps the same handler in a Readable and an async resource, which cost about a third of
 * a proxied request's CPU in front of a trivial upstream.
 */
export class UpstreamResponse implements Dispatcher.DispatchHandler {
  statusCode = 0;
  headers: IncomingHttpHeaders = {};
  private controller?: Dispatcher.DispatchController;
  private settle?: Settle;
  private early?: Buffer[];
  private sink?: BodySink;
  private ended = false;
  private failure?: Error;
  private whenDone?: () => void;

  constructor(
    settle: Settle,
    private readonly signal?: AbortSignal,
  ) {
    this.settle = settle;
  }

  /** The length the upstream announced, or undefined (chunked, or none). */
  get contentLength(): number | undefined {
    const value = this.headers['content-length'];
    const length = value === undefined ? NaN : Number(value);
    return Number.isInteger(length) && length >= 0 ? length : undefined;
  }

  /** Sends the body into `sink`, from the first chunk. */
  pipe(sink: BodySink): void {
    this.sink = sink;
    const early = this.early;
    this.early = undefined;
    if (early) for (const chunk of early) if (!sink.write(chunk)) this.controller?.pause();
    if (this.failure) sink.fail(this.failure);
    else if (this.ended) sink.end();
  }

  /** Resumes a body the sink paused. */
  resume(): void {
    this.controller?.resume();
  }

  /** The whole body, as one buffer. */
  readAll(): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      this.pipe({
        write: (chunk) => chunks.push(chunk) > 0,
        end: () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)),
        fail: reject,
      });
    });
  }

  /** Reads and discards the body (so the connection can be reused), resolving when it is done. */
  dump(): Promise<void> {
    return this.readAll().then(
      () => undefined,
      () => undefined,
    );
  }

  /** Runs `callback` (one per response) once the body has ended or failed. */
  onDone(callback: () => void): void {
    if (this.ended || this.failure) callback();
    else this.whenDone = callback;
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    const signal = this.signal;
    if (!signal) return;
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.statusCode = statusCode;
    this.headers = headers;
    const settle = this.settle;
    this.settle = undefined;
    settle?.resolve(this);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.sink) (this.early ??= []).push(chunk);
    else if (!this.sink.write(chunk)) controller.pause();
  }

  onResponseEnd(): void {
    this.ended = true;
    this.sink?.end();
    this.done();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.failure = error;
    const settle = this.settle;
    this.settle = undefined;
    if (settle) settle.reject(error);
    else this.sink?.fail(error);
    this.done();
  }

  private done(): void {
    const callback = this.whenDone;
    this.whenDone = undefined;
    callback?.();
  }
}
