import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient, ApiError } from './api-client';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

/** A real HTTP server on a free port, answering as the spec says. */
async function serve(
  handler: Handler,
): Promise<{ url: string; server: Server; sockets: () => number }> {
  let sockets = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => handler(request, Buffer.concat(chunks).toString('utf8'), response));
  });
  server.on('connection', () => sockets++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, sockets: () => sockets };
}

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

describe('the API client', () => {
  const closers: (() => void)[] = [];
  afterEach(() => {
    for (const close of closers.splice(0)) close();
  });

  it('sends JSON with its headers and reads JSON, on one kept-alive connection', async () => {
    const seen: { method?: string; url?: string; key?: string; idem?: string; body: string }[] = [];
    const { url, server, sockets } = await serve((request, body, response) => {
      seen.push({
        method: request.method,
        url: request.url,
        key: request.headers['x-api-key'] as string,
        idem: request.headers['idempotency-key'] as string | undefined,
        body,
      });
      json(response, request.method === 'POST' ? 201 : 200, { id: 'o1', n: seen.length });
    });
    const client = new ApiClient(url, { 'x-api-key': 'k' });
    closers.push(
      () => client.close(),
      () => server.close(),
    );
    expect(await client.post('/v1/orders', { a: 'ü' }, { 'idempotency-key': 'i-1' })).toEqual({
      id: 'o1',
      n: 1,
    });
    expect(await client.get('/v1/orders/o1')).toEqual({ id: 'o1', n: 2 });
    expect(await client.postRaw('/hook', '{"raw":true}', { 'x-sig': 's' })).toEqual({
      id: 'o1',
      n: 3,
    });
    expect(seen).toEqual([
      { method: 'POST', url: '/v1/orders', key: 'k', idem: 'i-1', body: '{"a":"ü"}' },
      { method: 'GET', url: '/v1/orders/o1', key: 'k', idem: undefined, body: '' },
      { method: 'POST', url: '/hook', key: 'k', idem: undefined, body: '{"raw":true}' },
    ]);
    expect(sockets()).toBe(1);
  });

  it('throws the problem a service answered, with its status and code', async () => {
    const { url, server } = await serve((_request, _body, response) =>
      json(response, 409, { code: 'ORDER.CANCEL_NOT_ALLOWED' }),
    );
    const client = new ApiClient(url);
    closers.push(
      () => client.close(),
      () => server.close(),
    );
    const error = await client.post('/v1/orders/o1/cancel', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'ORDER.CANCEL_NOT_ALLOWED' });
  });

  it('retries a 503 and then answers', async () => {
    let calls = 0;
    const { url, server } = await serve((_request, _body, response) =>
      ++calls < 3 ? json(response, 503, { code: 'SERVICE.UNAVAILABLE' }) : json(response, 200, {}),
    );
    const client = new ApiClient(url);
    closers.push(
      () => client.close(),
      () => server.close(),
    );
    expect(await client.get('/x')).toEqual({});
    expect(calls).toBe(3);
  });

  it('retries a refused connection, and gives up after its attempts', async () => {
    const { url, server } = await serve((_request, _body, response) => json(response, 200, {}));
    server.close();
    const gone = new ApiClient(url, {}, 2);
    await expect(gone.get('/x')).rejects.toThrow(/ECONNREFUSED/);
    gone.close();
  });
});
