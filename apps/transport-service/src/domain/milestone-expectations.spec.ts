import type { CarrierMilestoneReport } from './carrier-milestone';
import type { Shipment } from './shipment';
import { actual, applyReports, eventTypes, loadedShipment, MINUTE, T0 } from './transport.fixtures';

const apply = (shipment: Shipment, ...reports: CarrierMilestoneReport[]) =>
  applyReports(shipment, reports);

describe('PLANNED and ESTIMATED milestones', () => {
  const estimate = (
    id: string,
    etaMinutes: number,
    reportedMinutes: number,
    classifier: 'PLANNED' | 'ESTIMATED' = 'ESTIMATED',
  ) =>
    actual('DELIVERED', id, etaMinutes, {
      classifier,
      reportedAt: T0 + reportedMinutes * MINUTE,
      proofOfDelivery: null,
    });

  it('update the expected time, never the status', () => {
    const { shipment, events } = apply(loadedShipment(), estimate('e1', 2000, 100));
    expect(shipment.status).toBe('LOADED');
    expect(events).toEqual([
      expect.objectContaining({
        type: 'ExpectedTimeUpdated',
        code: 'DELIVERED',
        expectedAt: T0 + 2000 * MINUTE,
      }),
    ]);
  });

  it('keep the newest report, whatever the arrival order', () => {
    const late = apply(loadedShipment(), estimate('new', 1800, 200), estimate('old', 2000, 100));
    expect(eventTypes(late.events)).toEqual(['ExpectedTimeUpdated']);
    expect(late.events[0]).toMatchObject({ expectedAt: T0 + 1800 * MINUTE });
  });

  it('prefer an estimate to a plan reported at the same instant', () => {
    const { events } = apply(
      loadedShipment(),
      estimate('est', 1900, 100),
      estimate('plan', 2000, 100, 'PLANNED'),
    );
    expect(events).toEqual([expect.objectContaining({ expectedAt: T0 + 1900 * MINUTE })]);
  });
});
