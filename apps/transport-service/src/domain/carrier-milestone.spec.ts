import type { CarrierMilestoneReport } from './carrier-milestone';
import { recordMilestone } from './record-milestone';
import type { Shipment } from './shipment';
import {
  actual,
  applyReports,
  eventTypes,
  loadedShipment,
  T0,
  tenderedShipment,
} from './transport.fixtures';

const apply = (shipment: Shipment, ...reports: CarrierMilestoneReport[]) =>
  applyReports(shipment, reports);
const code = (code: string) => expect.objectContaining({ code });

describe('recordMilestone: ACTUAL milestones', () => {
  it('moves the status and says which milestone did it', () => {
    const departed = actual('DEPARTED', 'e1', 200);
    const { shipment, events } = apply(loadedShipment(), departed);
    expect(shipment.status).toBe('DEPARTED');
    expect(events).toEqual([
      expect.objectContaining({
        type: 'ShipmentStatusAdvanced',
        from: 'LOADED',
        to: 'DEPARTED',
        milestone: expect.objectContaining(departed),
      }),
    ]);
  });

  it('records an older milestone arriving late without moving the status back', () => {
    const { shipment, events } = apply(
      loadedShipment(),
      actual('IN_TRANSIT', 'e2', 300),
      actual('DEPARTED', 'e1', 200),
    );
    expect(shipment.status).toBe('IN_TRANSIT');
    expect(shipment.milestones).toHaveLength(2);
    expect(eventTypes(events)).toEqual(['ShipmentStatusAdvanced']);
  });

  it('ignores a repeated carrierEventId, even with other content', () => {
    const once = apply(loadedShipment(), actual('DEPARTED', 'e1', 200)).shipment;
    const again = recordMilestone(once, actual('DELIVERED', 'e1', 900), T0);
    expect(again).toEqual({ shipment: once, events: [], outcome: 'DUPLICATE' });
    expect(again.shipment).toBe(once);
  });

  it('lets a later delivery follow a failed one, and a new attempt follow the failure', () => {
    const failed = apply(
      loadedShipment(),
      actual('OUT_FOR_DELIVERY', 'e1', 400),
      actual('DELIVERY_FAILED', 'e2', 410),
    );
    expect(failed.shipment.status).toBe('DELIVERY_FAILED');
    expect(apply(failed.shipment, actual('OUT_FOR_DELIVERY', 'e3', 1400)).shipment.status).toBe(
      'OUT_FOR_DELIVERY',
    );
    expect(apply(failed.shipment, actual('DELIVERED', 'e4', 1410)).shipment.status).toBe(
      'DELIVERED',
    );
  });

  it('ranks a failure and a new attempt by time, not by carrierEventId', () => {
    const failedLast = apply(
      loadedShipment(),
      actual('DELIVERY_FAILED', 'a-failed', 410),
      actual('OUT_FOR_DELIVERY', 'z-out', 400),
    );
    expect(failedLast.shipment.status).toBe('DELIVERY_FAILED');
    const retriedLast = apply(
      loadedShipment(),
      actual('OUT_FOR_DELIVERY', 'a-out', 1400),
      actual('DELIVERY_FAILED', 'z-failed', 410),
    );
    expect(retriedLast.shipment.status).toBe('OUT_FOR_DELIVERY');
  });

  it('never lets a failure scan after delivery undo it', () => {
    const { shipment } = apply(
      loadedShipment(),
      actual('DELIVERED', 'e1', 400),
      actual('DELIVERY_FAILED', 'e2', 500),
    );
    expect(shipment.status).toBe('DELIVERED');
  });

  it('confirms the accepted quote as freight once, at delivery', () => {
    const { shipment, events } = apply(loadedShipment(), actual('DELIVERED', 'e1', 400));
    expect(eventTypes(events)).toEqual(['ShipmentStatusAdvanced', 'FreightCostConfirmed']);
    expect(events[1]).toMatchObject({
      carrierId: 'bravo',
      freight: { amountMinor: 1235, currency: 'EUR' },
    });
    expect(shipment.confirmedFreight).toEqual({ amountMinor: 1235, currency: 'EUR' });
  });

  it('requires proof of delivery on an ACTUAL delivery', () => {
    expect(() =>
      apply(loadedShipment(), actual('DELIVERED', 'e1', 400, { proofOfDelivery: null })),
    ).toThrow(code('TRANSPORT.PROOF_OF_DELIVERY_MISSING'));
    expect(() =>
      apply(
        loadedShipment(),
        actual('DELIVERED', 'e1', 400, { proofOfDelivery: { signedBy: '' } }),
      ),
    ).toThrow(code('TRANSPORT.PROOF_OF_DELIVERY_MISSING'));
  });

  it.each<[string, Partial<CarrierMilestoneReport>]>([
    ['an empty carrierEventId', { carrierEventId: '' }],
    ['an unknown code', { code: 'TELEPORTED' as never }],
    ['an unknown classifier', { classifier: 'UNKNOWN' as never }],
    ['a non-integer time', { milestoneAt: 1.5 }],
    ['a self-retraction', { retractsEventId: 'e1' }],
  ])('refuses a report with %s', (_, overrides) => {
    expect(() => apply(loadedShipment(), actual('DEPARTED', 'e1', 200, overrides))).toThrow(
      code('TRANSPORT.INVALID_MILESTONE'),
    );
  });

  it('refuses milestones before a carrier accepted', () => {
    expect(() => apply(tenderedShipment(), actual('DEPARTED', 'e1', 200))).toThrow(
      code('TRANSPORT.NO_ACCEPTED_TENDER'),
    );
  });
});
