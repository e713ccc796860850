import { problem, type Problem } from '@logisync/http-kit';
import {
  ConflictError,
  NotFoundError,
  RequestRejectedError,
} from '../../application/application-errors';
import { isBillingError } from '../../domain';

/** Errors as HTTP problems: unknown id 404, wrong state 409, broken rule 422. */
export function billingProblem(error: unknown): Problem | undefined {
  if (error instanceof NotFoundError) return problem(404, error.code, error.message, error.details);
  if (error instanceof ConflictError) return problem(409, error.code, error.message, error.details);
  if (error instanceof RequestRejectedError)
    return problem(error.status, error.code, error.message);
  if (isBillingError(error)) return problem(422, error.code, error.message, { ...error.details });
  return undefined;
}
