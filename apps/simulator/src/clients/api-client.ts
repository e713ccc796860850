import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** A failed call: the status and the problem+json body the service answered. */
export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${url} -> ${status}: ${JSON.stringify(body).slice(0, 500)}`);
  }

  get code(): string | undefined {
    return (this.body as { code?: string } | undefined)?.code;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const TIMEOUT_MS = 30_000;

/**
 * JSON over HTTP to one service. Connection failures and 503s are retried with backoff (a
 * service restarting under a chaos run, up to about three minutes: a SIGKILLed service waits out
 * its old Kafka session); every other answer is returned or thrown as it is. node:http on a
 * keep-alive agent rather than fetch: the simulator makes about ten calls per flow, and its
 * CPU per flow is measured.
 */
export class ApiClient {
  private readonly secure: boolean;
  private readonly agent: HttpAgent;

  constructor(
    readonly baseUrl: string,
    private readonly defaultHeaders: Record<string, string> = {},
    private readonly attempts = 90,
  ) {
    this.secure = baseUrl.startsWith('https:');
    this.agent = this.secure
      ? new HttpsAgent({ keepAlive: true })
      : new HttpAgent({ keepAlive: true });
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.request<T>(
      'POST',
      path,
      body === undefined ? undefined : JSON.stringify(body),
      headers,
    );
  }

  /** POST a body already serialised (a signed webhook signs these exact bytes). */
  postRaw<T>(path: string, rawBody: string, headers: Record<string, string>): Promise<T> {
    return this.request<T>('POST', path, rawBody, headers);
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private async request<T>(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const url = `${this.baseUrl}${path}`;
    const allHeaders: Record<string, string> = {
      accept: 'application/json',
      ...(body !== undefined
        ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }
        : {}),
      ...this.defaultHeaders,
      ...headers,
    };
    for (let attempt = 1; ; attempt++) {
      let answer: { status: number; text: string };
      try {
        answer = await this.send(method, url, body, allHeaders);
      } catch (error) {
        if (attempt >= this.attempts) throw error;
        await sleep(Math.min(200 * attempt, 2_000));
        continue;
      }
      const parsed: unknown = answer.text ? safeJson(answer.text) : undefined;
      if (answer.status === 503 && attempt < this.attempts) {
        await sleep(Math.min(200 * attempt, 2_000));
        continue;
      }
      if (answer.status < 200 || answer.status >= 300)
        throw new ApiError(method, url, answer.status, parsed);
      return parsed as T;
    }
  }

  private send(
    method: string,
    url: string,
    body: string | undefined,
    headers: Record<string, string>,
  ): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const onResponse = (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      };
      const options = { method, headers, agent: this.agent, timeout: TIMEOUT_MS };
      const request = this.secure
        ? httpsRequest(url, options, onResponse)
        : httpRequest(url, options, onResponse);
      request.on('timeout', () =>
        request.destroy(new Error(`${method} ${url}: no answer in ${TIMEOUT_MS / 1000} s`)),
      );
      request.on('error', reject);
      request.end(body);
    });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
