import { TransportError } from './transport-errors';

/** A carrier's offer for one origin region to one destination country. */
export interface Lane {
  readonly originRegion: string;
  /** ISO 3166-1 alpha-2, e.g. DE. */
  readonly destinationCountry: string;
  readonly carrierId: string;
  /** 1 is the most preferred; ties are broken by cost, then carrier id. */
  readonly priority: number;
  /** Integer minor units of `currency` per kilogram. */
  readonly ratePerKgMinor: number;
  /** ISO 4217 alphabetic code. */
  readonly currency: string;
  readonly transitDays: number;
  readonly tenderTimeoutSeconds: number;
}

const ISO_4217_SHAPE = /^[A-Z]{3}$/;
const ISO_3166_ALPHA2_SHAPE = /^[A-Z]{2}$/;

/** Rejects a lane the selection could not rank or quote; returns it unchanged otherwise. */
export function assertValidLane(lane: Lane): Lane {
  const problems = [
    !lane.originRegion && 'originRegion is empty',
    !ISO_3166_ALPHA2_SHAPE.test(lane.destinationCountry) &&
      'destinationCountry is not ISO 3166-1 alpha-2',
    !lane.carrierId && 'carrierId is empty',
    !Number.isSafeInteger(lane.priority) && 'priority is not an integer',
    !isNonNegativeInteger(lane.ratePerKgMinor) && 'ratePerKgMinor is not a non-negative integer',
    !ISO_4217_SHAPE.test(lane.currency) && 'currency is not ISO 4217',
    !isNonNegativeInteger(lane.transitDays) && 'transitDays is not a non-negative integer',
    !isPositiveInteger(lane.tenderTimeoutSeconds) && 'tenderTimeoutSeconds is not positive',
  ].filter((problem): problem is string => typeof problem === 'string');
  if (problems.length > 0) {
    throw new TransportError('TRANSPORT.INVALID_LANE', problems.join('; '), {
      carrierId: lane.carrierId,
      problems,
    });
  }
  return lane;
}

function isNonNegativeInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function isPositiveInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}
