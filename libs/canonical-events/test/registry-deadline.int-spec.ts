import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConfluentSchemaRegistryAdapter,
  EventCodec,
  RegistryUnavailableError,
  sampleEvent,
} from '../src';

/**
 * A registry on a real socket that takes requests and answers only those `answer` lets through:
 * the others stay open, as a registry that lost a request would leave them.
 */
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function registry(answer: (requestNo: number, req: IncomingMessage) => boolean) {
  let requests = 0;
  const open = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    requests += 1;
    if (!answer(requests, req)) {
      open.add(res);
      return;
    }
    res.setHeader('content-type', 'application/vnd.schemaregistry.v1+json');
    if (req.method === 'PUT') res.end(JSON.stringify({ compatibility: 'FULL_TRANSITIVE' }));
    else res.end(JSON.stringify({ id: 42, subject: 's', version: 1, schema: '"string"' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const handle = {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    async close() {
      open.forEach((res) => res.destroy());
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  servers.push(handle);
  return handle;
}

describe('the registry adapter never waits forever', () => {
  it('abandons an unanswered lookup, tries again, and then says the registry is unavailable', async () => {
    const silent = await registry(() => false);
    const adapter = new ConfluentSchemaRegistryAdapter({
      url: silent.url,
      requestTimeoutMs: 300,
      attempts: 3,
    });
    const started = Date.now();
    const failure = await adapter.idOf('s', { type: 'string' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RegistryUnavailableError);
    expect((failure as Error).message).toMatch(/Schema registry at .* failed: .*Timeout/);
    expect(silent.requests()).toBe(3);
    // Three deadlines of 300 ms and two pauses (250 and 500 ms), nowhere near forever.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('gets the answer on a later try when the first request is lost', async () => {
    const lossy = await registry((requestNo) => requestNo > 1);
    const adapter = new ConfluentSchemaRegistryAdapter({ url: lossy.url, requestTimeoutMs: 300 });
    await expect(adapter.idOf('s', { type: 'string' })).resolves.toBe(42);
    expect(lossy.requests()).toBe(2);
  });

  it('bounds registration too, the compatibility request included', async () => {
    const silent = await registry(() => false);
    const adapter = new ConfluentSchemaRegistryAdapter({
      url: silent.url,
      requestTimeoutMs: 300,
      attempts: 2,
    });
    await expect(adapter.register('s', { type: 'string' }, 'FULL_TRANSITIVE')).rejects.toThrow(
      RegistryUnavailableError,
    );
    expect(silent.requests()).toBe(2);
  });

  it('lets the codec encode again after a lookup that failed, instead of caching the failure', async () => {
    let lose = true;
    const flaky = await registry(() => !lose);
    const adapter = new ConfluentSchemaRegistryAdapter({
      url: flaky.url,
      requestTimeoutMs: 200,
      attempts: 1,
    });
    const codec = new EventCodec(adapter);
    const event = sampleEvent('OrderCancelled');
    await expect(codec.encode('OrderCancelled', event)).rejects.toThrow(RegistryUnavailableError);
    lose = false;
    await expect(codec.encode('OrderCancelled', event)).resolves.toMatchObject({ schemaId: 42 });
  });
});
