import { Controller, Get, Injectable, Module, type BeforeApplicationShutdown } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { freePort, parsePrometheusText, sampleValue, waitFor } from '@platform/testing';
import { createServer } from 'node:net';
import { createHttpApp } from '../app/create-http-app';
import { Public } from '../access/public.decorator';
import { HealthModule } from '../health/health.module';

/** What the app's one dependency says; the tests flip it. */
const dependency = { up: true };

@Injectable()
class DependencyReadiness {
  constructor(private readonly indicators: HealthIndicatorService) {}

  async check(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('database');
    return dependency.up ? check.up({ host: 'db-7.internal' }) : check.down({ host: 'db-7.internal' });
  }
}

/** Holds the app's shutdown (as the gateway's drain does) until the test lets it go on. */
const drain = { entered: false, release: () => undefined as void, released: Promise.resolve() };

@Injectable()
class HeldShutdown implements BeforeApplicationShutdown {
  beforeApplicationShutdown(): Promise<void> {
    drain.entered = true;
    return drain.released;
  }
}

@Public()
@Controller('things')
class ThingsController {
  @Get()
  list(): string[] {
    return [];
  }
}

@Module({
  imports: [HealthModule.forRoot({ readiness: [DependencyReadiness] })],
  controllers: [ThingsController],
  providers: [HeldShutdown],
})
class TestAppModule {}

const createApp = (managementPort: number) =>
  createHttpApp(TestAppModule, {
    service: 'mgmt-test',
    logLevel: 'error',
    logFormat: 'json',
    management: { port: managementPort, host: '127.0.0.1' },
  });

describe('the management server, with a real app', () => {
  let app: NestFastifyApplication;
  let publicUrl: string;
  let managementUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    managementUrl = `http://127.0.0.1:${port}`;
    app = await createApp(port);
    await app.listen(0, '127.0.0.1');
    publicUrl = await app.getUrl();
  });

  afterAll(async () => {
    drain.release();
    await app?.close();
  });

  beforeEach(() => {
    dependency.up = true;
  });

  it('keeps metrics off the public port: a 404 problem there, Prometheus text on the management port', async () => {
    const onPublic = await fetch(`${publicUrl}/metrics`);
    expect(onPublic.status).toBe(404);
    expect(onPublic.headers.get('content-type')).toContain('application/problem+json');
    expect(await onPublic.text()).not.toContain('http_requests_total');

    await fetch(`${publicUrl}/things`);
    const metrics = await fetch(`${managementUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const { bad, samples } = parsePrometheusText(await metrics.text());
    expect(bad).toEqual([]);
    expect(sampleValue(samples, 'http_requests_total{', 'route="/things"', 'status="200"')).toBeGreaterThanOrEqual(1);
    // Scrapes and probes of the management port are not the app's traffic.
    expect(
      samples.some(
        (sample) =>
          sample.includes('route="/metrics"') ||
          (sample.includes('route="/health/ready"') && sample.includes('status="503"')),
      ),
    ).toBe(false);
  });

  it('answers the public readiness with the verdict only, the management readiness with every check', async () => {
    const ready = await fetch(`${publicUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok' });
    const detailed = await fetch(`${managementUrl}/health/ready`);
    expect(detailed.status).toBe(200);
    expect(await detailed.json()).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up', host: 'db-7.internal' } },
    });

    dependency.up = false;
    const notReady = await fetch(`${publicUrl}/health/ready`);
    expect(notReady.status).toBe(503);
    expect(notReady.headers.get('content-type')).toContain('application/problem+json');
    const body = await notReady.json();
    expect(body).toMatchObject({ type: 'urn:problem-type:not-ready', status: 503, detail: 'Not ready' });
    expect(body).not.toHaveProperty('checks');
    expect(JSON.stringify(body)).not.toMatch(/database|db-7/);

    const why = await fetch(`${managementUrl}/health/ready`);
    expect(why.status).toBe(503);
    expect(why.headers.get('content-type')).toContain('application/problem+json');
    expect(await why.json()).toMatchObject({
      type: 'urn:problem-type:not-ready',
      detail: 'Not ready: database down',
      checks: { database: { status: 'down', host: 'db-7.internal' } },
    });
  });

  it('answers liveness on both ports, and only its three routes on the management port', async () => {
    for (const base of [publicUrl, managementUrl])
      expect(await (await fetch(`${base}/health/live`)).json()).toEqual({ status: 'ok' });
    const unknown = await fetch(`${managementUrl}/things`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ status: 404, instance: '/things', requestId: expect.any(String) });
    const post = await fetch(`${managementUrl}/metrics`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`${managementUrl}/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    expect(await head.text()).toBe('');
    expect((await fetch(`${managementUrl}/health/live?verbose=1`)).status).toBe(200);
  });

  it('says not ready as soon as shutdown begins, serves metrics while the app drains, and closes with it', async () => {
    drain.released = new Promise<void>((resolve) => (drain.release = resolve));
    const closing = app.close();
    await waitFor(async () => drain.entered, 5_000, 'the shutdown to reach the drain');
    const ready = await fetch(`${managementUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ detail: 'Not ready: shutting down' });
    expect((await fetch(`${managementUrl}/metrics`)).status).toBe(200);
    drain.release();
    await closing;
    await expect(fetch(`${managementUrl}/health/live`)).rejects.toThrow();
    await expect(fetch(`${publicUrl}/health/live`)).rejects.toThrow();
  });
});

describe('an app whose management port is taken', () => {
  it('does not start, and says which address', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    const app = await createApp(port);
    try {
      await expect(app.listen(0, '127.0.0.1')).rejects.toThrow(
        new RegExp(`the management server cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`),
      );
    } finally {
      await app.close().catch(() => undefined);
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
