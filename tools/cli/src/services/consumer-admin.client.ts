import { CliError, ExitCode } from '../exit-codes';

export interface ConsumerStatus {
  service: string;
  groupId: string;
  running: boolean;
  paused: boolean;
  topics: string[];
  assignments: Record<string, number[]>;
}

/** The service's /admin/consumer endpoints (libs/event-runtime ConsumerAdminController). */
export class ConsumerAdminClient {
  constructor(
    readonly baseUrl: string,
    private readonly apiKey?: string,
    private readonly timeoutMs = 10_000,
  ) {}

  /** The status, or null when nothing answers at the URL. */
  async probe(): Promise<ConsumerStatus | null> {
    try {
      return await this.call<ConsumerStatus>('GET', '', undefined, 2_000);
    } catch (error) {
      if (error instanceof CliError && error.exitCode === ExitCode.unavailable) return null;
      throw error;
    }
  }

  pause = () => this.call<ConsumerStatus>('POST', '/pause');
  resume = () => this.call<ConsumerStatus>('POST', '/resume');
  seek = (topic: string, partition: number, offset: number) =>
    this.call<ConsumerStatus>('POST', '/seek', { topic, partition, offset: String(offset) });

  private async call<T>(method: string, path: string, body?: unknown, timeoutMs = this.timeoutMs) {
    const url = `${this.baseUrl}/admin/consumer${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          ...adminHeaders(this.apiKey),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      throw new CliError(
        `${method} ${url} failed: ${(cause as Error).message}`,
        ExitCode.unavailable,
        {
          cause,
        },
      );
    }
    const text = await response.text();
    if (response.status === 401 || response.status === 403) throw notAllowed(url, response.status);
    if (!response.ok) {
      throw new CliError(`${method} ${url} answered ${response.status}: ${text.slice(0, 300)}`);
    }
    return JSON.parse(text) as T;
  }
}

/** The API key header for a service's admin endpoints, when the operator has one. */
export function adminHeaders(apiKey: string | undefined): Record<string, string> {
  return apiKey ? { 'x-api-key': apiKey } : {};
}

export function notAllowed(url: string, status: number): CliError {
  return new CliError(
    `${url} answered ${status}: set LOGISYNC_API_KEY to the key of a client with the ops:admin scope`,
    ExitCode.usage,
  );
}
