import { Inject, Injectable } from '@nestjs/common';
import { problem, ProblemException, type Problem } from '@logisync/http-kit';
import { DataSource } from 'typeorm';
import { SERVICE_URLS } from '../tokens';

export type ExceptionAction = 'acknowledge' | 'resolve';

/**
 * People act on an exception here, but the owning service decides: the call goes to its API
 * (POST /v1/exceptions/{id}/acknowledge|resolve) and the change comes back as its
 * ExceptionResolved milestone. The acknowledgement is noted at once for the queue.
 */
@Injectable()
export class ActOnExceptionHandler {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SERVICE_URLS) private readonly serviceUrls: Record<string, string>,
  ) {}

  async execute(
    exceptionId: string,
    action: ExceptionAction,
    body: { resolution?: string },
    forward: Record<string, string> = {},
  ) {
    const [row] = await this.dataSource.query(
      `SELECT source_service FROM ct_exception WHERE exception_id = $1`,
      [exceptionId],
    );
    if (!row)
      throw new ProblemException(
        problem(404, 'EXCEPTION.NOT_FOUND', `no exception ${exceptionId}`),
      );
    const base = this.serviceUrls[row.source_service];
    if (!base) {
      throw new ProblemException(
        problem(
          422,
          'EXCEPTION.NO_OWNER_API',
          `exceptions of ${row.source_service} are resolved by their own workflow, not through the control tower`,
        ),
      );
    }
    let response: Response;
    try {
      response = await fetch(`${base}/v1/exceptions/${encodeURIComponent(exceptionId)}/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...forward },
        body: JSON.stringify(action === 'resolve' ? { resolution: body.resolution } : {}),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new ProblemException(
        problem(
          502,
          'EXCEPTION.OWNER_UNREACHABLE',
          `${row.source_service} did not answer: ${error instanceof Error ? error.message : error}`,
        ),
      );
    }
    const text = await response.text();
    const answer: unknown = text ? JSON.parse(text) : {};
    // The owner's problem document is passed on as it is: it knows why.
    if (!response.ok)
      throw new ProblemException({ ...(answer as Problem), status: response.status });
    if (action === 'acknowledge') {
      await this.dataSource.query(
        `UPDATE ct_exception SET acknowledged_at = COALESCE(acknowledged_at, now()) WHERE exception_id = $1`,
        [exceptionId],
      );
    }
    return { owner: row.source_service, answer };
  }
}
