import { Client } from 'pg';
import { CliError, ExitCode } from '../exit-codes';

/** Runs `work` with one connection and always closes it. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (cause) {
    await client.end().catch(() => undefined);
    throw new CliError(
      `PostgreSQL at ${redact(url)} is not reachable: ${(cause as Error).message}`,
      ExitCode.unavailable,
      { cause },
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
