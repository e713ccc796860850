import { quoteFreight, type FreightQuote } from './freight-quote';
import { assertValidLane, type Lane } from './lane';

/** What carrier selection needs to know about a shipment. */
export interface ShipmentRoute {
  readonly originRegion: string;
  readonly destinationCountry: string;
  readonly totalWeightGrams: number;
}

/** One carrier to tender to, in sequence order, with the lane and the quote it was chosen on. */
export interface TenderCandidate {
  readonly carrierId: string;
  readonly lane: Lane;
  readonly quote: FreightQuote;
}

/**
 * The tender sequence: lanes from the origin region to the destination country, ordered by
 *  1. priority, ascending (1 first);
 *  2. quoted freight for this shipment, ascending. Amounts compare within one currency only:
 *     without an exchange rate the domain cannot rank EUR against USD, so lanes of one
 *     priority are grouped by currency code (alphabetically), cheapest first in each;
 *  3. carrier id, ascending, so equal offers always tender in the same order (replay gives
 *     the same sequence);
 *  4. transit days, then tender timeout, only to order two lanes of one carrier.
 * A carrier appears once, on its best lane: a rejection is the carrier's answer to the
 * shipment, so tendering it again on a worse lane would only delay the next carrier.
 */
export function selectTenderSequence(
  lanes: readonly Lane[],
  route: ShipmentRoute,
): TenderCandidate[] {
  const candidates = lanes
    .filter((lane) => servesRoute(lane, route))
    .map((lane) => assertValidLane(lane))
    .map((lane) => ({
      carrierId: lane.carrierId,
      lane,
      quote: quoteFreight(route.totalWeightGrams, lane),
    }))
    .sort(compareCandidates);
  return keepFirstPerCarrier(candidates);
}

function servesRoute(lane: Lane, route: ShipmentRoute): boolean {
  return (
    lane.originRegion === route.originRegion &&
    lane.destinationCountry.toUpperCase() === route.destinationCountry.toUpperCase()
  );
}

function compareCandidates(a: TenderCandidate, b: TenderCandidate): number {
  return (
    a.lane.priority - b.lane.priority ||
    compareText(a.quote.currency, b.quote.currency) ||
    a.quote.amountMinor - b.quote.amountMinor ||
    compareText(a.carrierId, b.carrierId) ||
    a.lane.transitDays - b.lane.transitDays ||
    a.lane.tenderTimeoutSeconds - b.lane.tenderTimeoutSeconds
  );
}

/** Code-point order, independent of the host's locale. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function keepFirstPerCarrier(sorted: readonly TenderCandidate[]): TenderCandidate[] {
  const seen = new Set<string>();
  return sorted.filter((candidate) => {
    if (seen.has(candidate.carrierId)) return false;
    seen.add(candidate.carrierId);
    return true;
  });
}
