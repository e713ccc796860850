import type { CarrierMilestoneReport } from './carrier-milestone';
import { projectMilestones } from './milestone-projection';
import { recordMilestone } from './record-milestone';
import type { Shipment } from './shipment';
import {
  actual,
  applyReports,
  eventTypes,
  loadedShipment,
  MINUTE,
  retraction,
  T0,
} from './transport.fixtures';

const apply = (shipment: Shipment, ...reports: CarrierMilestoneReport[]) =>
  applyReports(shipment, reports);
const recorded = (...reports: CarrierMilestoneReport[]) =>
  reports.map((report) => ({ ...report, receivedAt: T0 }));

describe('projectMilestones', () => {
  it('projects nothing from nothing', () => {
    expect(projectMilestones([])).toEqual({
      movement: null,
      customs: null,
      customsHold: false,
      expectedTimes: new Map(),
    });
  });

  it('takes the highest-ranked ACTUAL movement, ignoring estimates', () => {
    const projection = projectMilestones(
      recorded(
        actual('IN_TRANSIT', 'e2', 300),
        actual('DELIVERED', 'e3', 900, { classifier: 'ESTIMATED', proofOfDelivery: null }),
        actual('DEPARTED', 'e1', 200),
      ),
    );
    expect(projection.movement?.carrierEventId).toBe('e2');
    expect(projection.expectedTimes).toEqual(new Map([['DELIVERED', T0 + 900 * MINUTE]]));
  });

  it('leaves out retracted reports and the retractions themselves', () => {
    const projection = projectMilestones(
      recorded(
        retraction('fix', 'e2', 310),
        actual('IN_TRANSIT', 'e2', 300),
        actual('DEPARTED', 'e1', 200),
      ),
    );
    expect(projection.movement?.carrierEventId).toBe('e1');
  });

  it('breaks an exact tie by carrierEventId, so any arrival order agrees', () => {
    const a = actual('OUT_FOR_DELIVERY', 'a', 400);
    const b = actual('DELIVERY_FAILED', 'b', 400);
    expect(projectMilestones(recorded(a, b)).movement).toEqual(
      projectMilestones(recorded(b, a)).movement,
    );
  });
});

describe('customs hold', () => {
  it('lets a clearance win over a hold at the same instant', () => {
    const hold = actual('CUSTOMS_HOLD', 'z', 300);
    const clear = actual('CUSTOMS_CLEARED', 'a', 300);
    expect(projectMilestones(recorded(hold, clear)).customsHold).toBe(false);
    expect(projectMilestones(recorded(clear, hold)).customsHold).toBe(false);
  });

  it('is a flag beside the status, raised and cleared', () => {
    const held = apply(
      loadedShipment(),
      actual('IN_TRANSIT', 'e1', 200),
      actual('CUSTOMS_HOLD', 'e2', 300),
    );
    expect(held.shipment).toMatchObject({ status: 'IN_TRANSIT', customsHold: true });
    const cleared = recordMilestone(held.shipment, actual('CUSTOMS_CLEARED', 'e3', 400), T0);
    expect(cleared.shipment).toMatchObject({ status: 'IN_TRANSIT', customsHold: false });
    expect(eventTypes(cleared.events)).toEqual(['CustomsCleared']);
    expect(eventTypes(held.events)).toEqual(['ShipmentStatusAdvanced', 'CustomsHoldRaised']);
  });

  it('stays cleared when the hold arrives after its clearance', () => {
    const { shipment, events } = apply(
      loadedShipment(),
      actual('CUSTOMS_CLEARED', 'e2', 400),
      actual('CUSTOMS_HOLD', 'e1', 300),
    );
    expect(shipment.customsHold).toBe(false);
    expect(events).toEqual([]);
  });
});
