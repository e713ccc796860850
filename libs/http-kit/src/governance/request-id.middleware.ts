import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ApiGovernanceOptions } from './api-clients';
import { runInRequestContext } from './request-context';

interface HttpRequest {
  headers: Record<string, string | string[] | undefined>;
}
interface HttpResponse {
  setHeader(name: string, value: string): void;
}

export const REQUEST_ID_HEADER = 'x-request-id';
export const API_GOVERNANCE_OPTIONS = Symbol('API_GOVERNANCE_OPTIONS');
const CALLER_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request an id (the caller's `x-request-id` when it is a sane token, else a new
 * UUID), answers with it, and runs the rest of the request in its context, where problem
 * documents and idempotency find it.
 */
@Injectable()
export class RequestIdMiddleware implements NestMiddleware {
  constructor(@Inject(API_GOVERNANCE_OPTIONS) private readonly options: ApiGovernanceOptions) {}

  use(req: HttpRequest, res: HttpResponse, next: () => void): void {
    const header = req.headers[REQUEST_ID_HEADER];
    const given = Array.isArray(header) ? header[0] : header;
    const requestId = given && CALLER_ID.test(given) ? given : randomUUID();
    res.setHeader(REQUEST_ID_HEADER, requestId);
    runInRequestContext({ requestId, idempotencyTtlMs: this.options.idempotencyTtlMs }, next);
  }
}
