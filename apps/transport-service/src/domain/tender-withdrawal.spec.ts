import { recordMilestone } from './record-milestone';
import type { Shipment } from './shipment';
import { withdrawShipment } from './tender-withdrawal';
import {
  acceptedShipment,
  actual,
  eventTypes,
  loadedShipment,
  MINUTE,
  onHoldShipment,
  plannedShipment,
  T0,
  tenderedShipment,
} from './transport.fixtures';

const withdraw = (shipment: Shipment) =>
  withdrawShipment(shipment, 'ORDER_CANCELLED', T0 + 30 * MINUTE);

describe('withdrawShipment (order cancelled)', () => {
  it('withdraws the open tender', () => {
    const { shipment, events } = withdraw(tenderedShipment());
    expect(shipment.status).toBe('CANCELLED');
    expect(shipment.tenders[0].status).toBe('WITHDRAWN');
    expect(events).toEqual([
      expect.objectContaining({
        type: 'TenderWithdrawn',
        carrierId: 'bravo',
        reason: 'ORDER_CANCELLED',
      }),
    ]);
  });

  it('withdraws an accepted tender before loading', () => {
    const { shipment, events } = withdraw(acceptedShipment());
    expect(shipment.tenders[0].status).toBe('WITHDRAWN');
    expect(eventTypes(events)).toEqual(['TenderWithdrawn']);
  });

  it('cancels a planned shipment with nothing to withdraw', () => {
    const { shipment, events } = withdraw(plannedShipment());
    expect(shipment.status).toBe('CANCELLED');
    expect(events).toEqual([]);
  });

  it('resolves the NO_CARRIER exception of a shipment on hold', () => {
    const { shipment, events } = withdraw(onHoldShipment());
    expect(shipment.openException).toBeNull();
    expect(events).toEqual([
      expect.objectContaining({ type: 'ExceptionResolved', resolution: 'SHIPMENT_CANCELLED' }),
    ]);
  });

  it('is refused once loaded', () => {
    expect(() => withdraw(loadedShipment())).toThrow(
      expect.objectContaining({ code: 'TRANSPORT.ALREADY_LOADED' }),
    );
  });

  it('is a no-op when repeated', () => {
    const cancelled = withdraw(tenderedShipment()).shipment;
    expect(withdraw(cancelled)).toEqual({ shipment: cancelled, events: [] });
  });

  it('leaves no carrier to report milestones', () => {
    const cancelled = withdraw(acceptedShipment()).shipment;
    expect(() => recordMilestone(cancelled, actual('DEPARTED', 'e1', 200), T0)).toThrow(
      expect.objectContaining({ code: 'TRANSPORT.NO_ACCEPTED_TENDER' }),
    );
  });
});
