import { currentRequestContext } from '@logisync/http-kit';
import type { DataSource } from 'typeorm';

/** The SQL statements the service sent while serving one HTTP request. */
export interface StatementLog {
  /** In the order they were sent; BEGIN and COMMIT count, as each is a round trip. */
  of(requestId: string): string[];
}

/**
 * Records every statement the DataSource sends under the request id it was sent for (the
 * `x-request-id` a test gives the request). TypeORM runs a subscriber's beforeQuery in the
 * caller's async context, so the request context of http-kit is the one of the request whose
 * work sent it; the relay, the consumer and the gauges send theirs outside any request and are
 * left out. Each call of query() is one round trip to PostgreSQL: node-postgres does not
 * pipeline.
 */
export function recordStatements(dataSource: DataSource): StatementLog {
  const byRequest = new Map<string, string[]>();
  dataSource.subscribers.push({
    beforeQuery({ query }) {
      const requestId = currentRequestContext()?.requestId;
      if (!requestId) return;
      const statements = byRequest.get(requestId) ?? [];
      statements.push(query.replace(/\s+/g, ' ').trim());
      byRequest.set(requestId, statements);
    },
  });
  return { of: (requestId) => [...(byRequest.get(requestId) ?? [])] };
}

/**
 * Fails with the statements themselves when a request took more than `max` round trips, or
 * none (a request id that never reached the database would pass any bound).
 */
export function assertRoundTrips(statements: string[], max: number): void {
  if (statements.length > 0 && statements.length <= max) return;
  throw new Error(
    `${statements.length} round trips (at most ${max} allowed, at least 1):\n` +
      statements.map((s, i) => `  ${i + 1}. ${s.slice(0, 300)}`).join('\n'),
  );
}
