export interface HttpResult {
  status: number;
  contentType: string | null;
  body: Record<string, unknown> & { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * A small JSON client for API tests: status, content type and the parsed body, never a throw.
 * `defaultHeaders` go with every call (the API key, usually).
 */
export function httpClient(baseUrl: string, defaultHeaders: Record<string, string> = {}) {
  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers = {},
  ): Promise<HttpResult> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...defaultHeaders, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: text ? JSON.parse(text) : {},
    };
  }
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown, headers?: Record<string, string>) =>
      call('POST', path, body ?? {}, headers),
  };
}
