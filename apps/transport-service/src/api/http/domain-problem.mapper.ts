import { problem, type Problem } from '@logisync/http-kit';
import { QueryFailedError } from 'typeorm';
import { TransportError, type TransportErrorCode } from '../../domain';
import { TransportAppError } from '../../application/transport-app.errors';

const statusOf: Record<TransportErrorCode, number> = {
  'TRANSPORT.SIGNATURE_MISSING': 401,
  'TRANSPORT.SIGNATURE_INVALID': 401,
  'TRANSPORT.SIGNATURE_EXPIRED': 401,
  'TRANSPORT.CARRIER_NOT_PERMITTED': 403,
  'TRANSPORT.TENDER_NOT_FOUND': 404,
  'TRANSPORT.TENDER_WITHDRAWN': 409,
  'TRANSPORT.TENDER_SUPERSEDED': 409,
  'TRANSPORT.TENDER_EXPIRED': 409,
  'TRANSPORT.TENDER_ALREADY_ANSWERED': 409,
  'TRANSPORT.INVALID_TRANSITION': 409,
  'TRANSPORT.ALREADY_LOADED': 409,
  'TRANSPORT.NO_ACCEPTED_TENDER': 409,
  'TRANSPORT.INVALID_LANE': 422,
  'TRANSPORT.INVALID_WEIGHT': 422,
  'TRANSPORT.INVALID_SHIPMENT': 422,
  'TRANSPORT.INVALID_TENDER_RESPONSE': 422,
  'TRANSPORT.INVALID_MILESTONE': 422,
  'TRANSPORT.PROOF_OF_DELIVERY_MISSING': 422,
};

/**
 * Errors as HTTP problems: bad signature 401, unknown id 404, wrong state 409 (with the current
 * status), broken rule 422. A signature problem says no more than its code.
 */
export function domainProblem(error: unknown): Problem | undefined {
  const conflict = uniqueViolation(error);
  if (conflict) return conflict;
  if (error instanceof TransportAppError) {
    return problem(error.status, error.code, error.message, error.details);
  }
  if (!(error instanceof TransportError)) return undefined;
  const status = statusOf[error.code] ?? 422;
  if (status === 401) return problem(401, error.code, 'the request is not signed by the carrier');
  // The problem's own members win: the details' `status` is the shipment's, `code` a milestone's.
  const { status: currentStatus, code: milestoneCode, ...details } = error.details;
  return problem(status, error.code, error.message, {
    ...details,
    ...(currentStatus === undefined ? {} : { currentStatus }),
    ...(milestoneCode === undefined ? {} : { milestoneCode }),
  });
}

/**
 * Two requests racing for one unique value (a carrier id, a tracking number already given to
 * another shipment) meet at the database's unique index: a 409 naming it, not a 500.
 */
function uniqueViolation(error: unknown): Problem | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const { code, constraint } = error.driverError as { code?: string; constraint?: string };
  if (code !== '23505') return undefined;
  const what = constraint?.includes('tracking_number') ? 'TRACKING_NUMBER' : 'RESOURCE';
  return problem(409, `${what}.ALREADY_IN_USE`, `${constraint ?? 'a unique value'} is taken`, {
    constraint,
  });
}
