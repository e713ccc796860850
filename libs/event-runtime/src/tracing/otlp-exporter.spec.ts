import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportTraces, newTraceparent, runInTrace, traceIdOf } from './trace-context';

/** A collector that keeps what it is sent: the OTLP/HTTP JSON endpoint's contract. */
function collector(): Promise<{ server: Server; url: string; received: unknown[] }> {
  const received: unknown[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') received.push(JSON.parse(body));
      res.statusCode = req.url === '/v1/traces' ? 200 : 404;
      res.end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        received,
      }),
    ),
  );
}

describe('OpenTelemetry export', () => {
  afterEach(() => exportTraces('test', undefined));

  it('sends finished spans with their trace, parent and outcome to the collector', async () => {
    const { server, url, received } = await collector();
    try {
      const exporter = exportTraces('order-service', url)!;
      const parent = newTraceparent();
      await runInTrace(parent, async () => undefined, {
        name: 'handle OrderReleased',
        kind: 'CONSUMER',
        attributes: { 'messaging.kafka.partition': 3 },
      });
      await expect(
        runInTrace(
          parent,
          async () => {
            throw new Error('boom');
          },
          { name: 'handle OrderHeld', kind: 'CONSUMER' },
        ),
      ).rejects.toThrow('boom');
      await exporter.shutdown();
      expect(exporter.exported).toBe(2);
      const payload = received[0] as {
        resourceSpans: { resource: unknown; scopeSpans: { spans: Record<string, unknown>[] }[] }[];
      };
      expect(payload.resourceSpans[0].resource).toEqual({
        attributes: [{ key: 'service.name', value: { stringValue: 'order-service' } }],
      });
      const [ok, failed] = payload.resourceSpans[0].scopeSpans[0].spans;
      expect(ok).toMatchObject({
        traceId: traceIdOf(parent),
        parentSpanId: parent.split('-')[2],
        name: 'handle OrderReleased',
        kind: 5,
        status: { code: 1 },
      });
      expect(ok.attributes).toEqual([
        { key: 'messaging.kafka.partition', value: { intValue: '3' } },
      ]);
      expect(failed).toMatchObject({ name: 'handle OrderHeld', status: { code: 2 } });
      expect(BigInt(ok.endTimeUnixNano as string) >= BigInt(ok.startTimeUnixNano as string)).toBe(
        true,
      );
    } finally {
      server.close();
    }
  });

  it('is off by default and loses spans, not work, when the collector is down', async () => {
    expect(exportTraces('order-service', undefined)).toBeUndefined();
    await expect(
      runInTrace(undefined, async () => 42, { name: 'x', kind: 'INTERNAL' }),
    ).resolves.toBe(42);
    const exporter = exportTraces('order-service', 'http://127.0.0.1:9')!;
    await expect(
      runInTrace(undefined, async () => 7, { name: 'y', kind: 'INTERNAL' }),
    ).resolves.toBe(7);
    await exporter.shutdown();
    expect(exporter.dropped).toBe(1);
  });
});
