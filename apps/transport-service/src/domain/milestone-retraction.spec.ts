import type { CarrierMilestoneReport } from './carrier-milestone';
import { recordMilestone } from './record-milestone';
import type { Shipment } from './shipment';
import {
  actual,
  applyReports,
  eventTypes,
  loadedShipment,
  retraction,
  T0,
} from './transport.fixtures';

const apply = (shipment: Shipment, ...reports: CarrierMilestoneReport[]) =>
  applyReports(shipment, reports);

const inTransitThenDelivered = () =>
  apply(
    loadedShipment(),
    actual('DEPARTED', 'dep', 200),
    actual('IN_TRANSIT', 'tra', 300),
    actual('DELIVERED', 'del', 400),
  ).shipment;

describe('retraction of a wrong delivery scan: the one allowed backward move', () => {
  it('goes back to the best remaining ACTUAL milestone and reports a correction', () => {
    const { shipment, events } = apply(inTransitThenDelivered(), retraction('fix', 'del', 410));
    expect(shipment.status).toBe('IN_TRANSIT');
    expect(events).toEqual([
      expect.objectContaining({
        type: 'ShipmentStatusCorrected',
        from: 'DELIVERED',
        to: 'IN_TRANSIT',
        retractedEventId: 'del',
      }),
    ]);
  });

  it('goes back to LOADED when nothing else stands', () => {
    const delivered = apply(loadedShipment(), actual('DELIVERED', 'del', 400)).shipment;
    expect(apply(delivered, retraction('fix', 'del', 410)).shipment.status).toBe('LOADED');
  });

  it('does not confirm freight a second time on the real delivery', () => {
    const corrected = apply(inTransitThenDelivered(), retraction('fix', 'del', 410)).shipment;
    const { shipment, events } = apply(corrected, actual('DELIVERED', 'del-2', 900));
    expect(shipment.status).toBe('DELIVERED');
    expect(eventTypes(events)).toEqual(['ShipmentStatusAdvanced']);
  });

  it('kills a retracted scan that arrives after its retraction', () => {
    const { shipment, events } = apply(
      loadedShipment(),
      actual('IN_TRANSIT', 'tra', 300),
      retraction('fix', 'del', 410),
      actual('DELIVERED', 'del', 400),
    );
    expect(shipment.status).toBe('IN_TRANSIT');
    expect(eventTypes(events)).toEqual(['ShipmentStatusAdvanced']);
  });

  it('reports nothing when the retracted milestone did not define the status', () => {
    const { shipment, events } = apply(inTransitThenDelivered(), retraction('fix', 'dep', 410));
    expect(shipment.status).toBe('DELIVERED');
    expect(events).toEqual([]);
  });

  it('clears a customs hold that is retracted', () => {
    const held = apply(loadedShipment(), actual('CUSTOMS_HOLD', 'hold', 300)).shipment;
    const { shipment, events } = apply(held, retraction('fix', 'hold', 310));
    expect(shipment.customsHold).toBe(false);
    expect(eventTypes(events)).toEqual(['CustomsCleared']);
  });

  it('is deduplicated like any report', () => {
    const corrected = apply(inTransitThenDelivered(), retraction('fix', 'del', 410)).shipment;
    expect(recordMilestone(corrected, retraction('fix', 'del', 410), T0)).toMatchObject({
      outcome: 'DUPLICATE',
      events: [],
    });
  });

  it('gives the same state whichever of the scan and its retraction comes first', () => {
    const base = apply(loadedShipment(), actual('IN_TRANSIT', 'tra', 300)).shipment;
    const scanFirst = apply(
      base,
      actual('DELIVERED', 'del', 400),
      retraction('fix', 'del', 410),
    ).shipment;
    const retractionFirst = apply(
      base,
      retraction('fix', 'del', 410),
      actual('DELIVERED', 'del', 400),
    ).shipment;
    expect(scanFirst.status).toBe(retractionFirst.status);
    expect(scanFirst.customsHold).toBe(retractionFirst.customsHold);
  });
});
