import {
  isMovementCode,
  MILESTONE_CODES,
  MOVEMENT_RANK,
  type CarrierMilestoneReport,
  type MovementCode,
} from './carrier-milestone';
import { recordMilestone } from './record-milestone';
import type { Shipment, ShipmentStatus } from './shipment';
import { markLoaded } from './shipment-loading';
import { acceptedShipment, actual, applyReports, loadedShipment, T0 } from './transport.fixtures';

/** One ACTUAL report per code, at its place in a normal journey (minutes after T0). */
const JOURNEY_MINUTES = {
  DEPARTED: 200,
  IN_TRANSIT: 300,
  CUSTOMS_HOLD: 350,
  CUSTOMS_CLEARED: 380,
  OUT_FOR_DELIVERY: 400,
  DELIVERY_FAILED: 410,
  DELIVERED: 1400,
} as const;
/** In journey (time) order, so in each pair below the first happened first. */
const journey = MILESTONE_CODES.map((code) =>
  actual(code, `evt-${code}`, JOURNEY_MINUTES[code]),
).sort((a, b) => a.milestoneAt - b.milestoneAt);

const rank = (status: ShipmentStatus) =>
  status === 'LOADED' ? 0 : MOVEMENT_RANK[status as MovementCode];
const essence = (shipment: Shipment) => ({
  status: shipment.status,
  customsHold: shipment.customsHold,
  confirmedFreight: shipment.confirmedFreight,
});

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** What the journey-ordered reports must give: the last movement, the last customs fact. */
function expectedAfter(inJourneyOrder: readonly CarrierMilestoneReport[]) {
  const movements = inJourneyOrder.filter((r) => isMovementCode(r.code));
  const customs = inJourneyOrder.filter((r) => !isMovementCode(r.code));
  return {
    status: movements.at(-1)?.code ?? 'LOADED',
    customsHold: customs.at(-1)?.code === 'CUSTOMS_HOLD',
  };
}

const pairs = journey.flatMap((a, i) =>
  journey.slice(i + 1).map((b) => [a.code, b.code, a, b] as const),
);

describe('every out-of-order pair of ACTUAL milestones', () => {
  it.each(pairs)('%s then %s ends as the reverse order does', (_a, _b, first, second) => {
    const inOrder = applyReports(loadedShipment(), [first, second]).shipment;
    const reversed = applyReports(loadedShipment(), [second, first]).shipment;
    expect(essence(reversed)).toEqual(essence(inOrder));
    expect(essence(inOrder)).toMatchObject(expectedAfter([first, second]));
  });

  it.each(pairs)('%s then %s ends the same before and after loading', (_a, _b, first, second) => {
    const loadedFirst = applyReports(loadedShipment(), [second, first]).shipment;
    const parked = applyReports(acceptedShipment(), [second, first]).shipment;
    expect(essence(markLoaded(parked, T0 + 120 * 60_000).shipment)).toEqual(essence(loadedFirst));
  });
});

describe('every arrival order of a whole journey (7! = 5040)', () => {
  const orders = permutations(journey);
  const expected = essence(applyReports(loadedShipment(), journey).shipment);

  it('ends DELIVERED, customs cleared, freight confirmed once, status never moving back', () => {
    expect(expected).toMatchObject({ status: 'DELIVERED', customsHold: false });
    for (const order of orders) {
      let shipment = loadedShipment();
      let freightConfirmations = 0;
      for (const report of order) {
        const next = recordMilestone(shipment, report, T0);
        expect(rank(next.shipment.status)).toBeGreaterThanOrEqual(rank(shipment.status));
        freightConfirmations += next.events.filter((e) => e.type === 'FreightCostConfirmed').length;
        expect(next.events.some((e) => e.type === 'ShipmentStatusCorrected')).toBe(false);
        shipment = next.shipment;
      }
      expect(essence(shipment)).toEqual(expected);
      expect(freightConfirmations).toBe(1);
    }
  });

  it('treats every repeat as a no-op, whatever it repeats', () => {
    for (const order of orders.filter((_, i) => i % 7 === 0)) {
      const once = applyReports(loadedShipment(), order).shipment;
      const withRepeats = applyReports(
        loadedShipment(),
        order.flatMap((report) => [report, report, order[0]]),
      );
      expect(essence(withRepeats.shipment)).toEqual(essence(once));
      expect(withRepeats.shipment.milestones).toHaveLength(order.length);
    }
  });
});
