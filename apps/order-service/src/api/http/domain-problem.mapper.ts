import { problem, type Problem } from '@logisync/http-kit';
import {
  BusinessRuleError,
  InvalidStateError,
  NotFoundError,
  OrderDomainError,
} from '../../domain/order.errors';

/** Domain errors as HTTP problems: unknown id 404, wrong state 409, broken rule 422. */
export function domainProblem(error: unknown): Problem | undefined {
  if (!(error instanceof OrderDomainError)) return undefined;
  const status =
    error instanceof NotFoundError
      ? 404
      : error instanceof InvalidStateError
        ? 409
        : error instanceof BusinessRuleError
          ? 422
          : 400;
  return problem(status, error.code, error.message, error.details);
}
