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

/**
 * JSON over HTTP to one service. Connection failures and 503s are retried with backoff (a
 * service restarting under a chaos run, up to about three minutes: a SIGKILLed service waits out
 * its old Kafka session); every other answer is returned or thrown as it is.
 */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly defaultHeaders: Record<string, string> = {},
    private readonly attempts = 90,
  ) {}

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

  private async request<T>(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const url = `${this.baseUrl}${path}`;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          body,
          headers: {
            accept: 'application/json',
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...this.defaultHeaders,
            ...headers,
          },
          signal: AbortSignal.timeout(30_000),
        });
      } catch (error) {
        if (attempt >= this.attempts) throw error;
        await sleep(Math.min(200 * attempt, 2_000));
        continue;
      }
      const text = await response.text();
      const parsed: unknown = text ? safeJson(text) : undefined;
      if (response.status === 503 && attempt < this.attempts) {
        await sleep(Math.min(200 * attempt, 2_000));
        continue;
      }
      if (!response.ok) throw new ApiError(method, url, response.status, parsed);
      return parsed as T;
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
