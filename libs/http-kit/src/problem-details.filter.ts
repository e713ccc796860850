import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { throwError } from 'rxjs';
import { currentRequestContext } from './governance/request-context';
import { problem, problemContentType, ProblemException, type Problem } from './problem';
import { requestErrorProblem } from './request-errors';
import { unavailableProblem } from './unavailable';

/** The part of Express's response this filter uses (no @types/express in the workspace). */
interface HttpResponse {
  setHeader(name: string, value: string): void;
  status(code: number): HttpResponse;
  type(contentType: string): HttpResponse;
  send(body: string): unknown;
}

/** Turns an application's own error into a problem, or leaves it (undefined) to the filter. */
export type ProblemMapper = (error: unknown) => Problem | undefined;

/**
 * Answers every HTTP error as application/problem+json. Only HTTP requests: event handlers
 * have their own error path through the consumer loop.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetailsFilter');

  constructor(private readonly mapError: ProblemMapper = () => undefined) {}

  catch(error: unknown, host: ArgumentsHost) {
    // Other transports (event handlers) keep their error untouched for their own loop.
    if (host.getType() !== 'http') return throwError(() => error);
    // The request id lets a caller and an operator find the same request in the logs.
    const requestId = currentRequestContext()?.requestId;
    const body: Problem = { ...this.toProblem(error), ...(requestId ? { requestId } : {}) };
    if (body.status >= 500) this.logger.error({ requestId, error });
    const response = host.switchToHttp().getResponse<HttpResponse>();
    if (typeof body.retryAfterSeconds === 'number') {
      response.setHeader('retry-after', String(body.retryAfterSeconds));
    }
    response.status(body.status).type(problemContentType).send(JSON.stringify(body));
    return undefined;
  }

  private toProblem(error: unknown): Problem {
    if (error instanceof ProblemException) return error.problem;
    const unavailable = unavailableProblem(error);
    if (unavailable) return unavailable;
    const mapped = this.mapError(error);
    if (mapped) return mapped;
    const unread = requestErrorProblem(error);
    if (unread) return unread;
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const code = `HTTP.${HttpStatus[status] ?? status}`;
      return problem(status, code, error.message);
    }
    return problem(500, 'HTTP.INTERNAL_SERVER_ERROR', 'an unexpected error occurred');
  }
}
