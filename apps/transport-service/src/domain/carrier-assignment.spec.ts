import { assignCarrierManually } from './carrier-assignment';
import { MINUTE, onHoldShipment, T0, tenderedShipment } from './transport.fixtures';

describe('assignCarrierManually', () => {
  const pickupWindow = { startAt: T0, endAt: T0 + 60 * MINUTE };
  const assignment = {
    carrierId: 'delta',
    trackingNumber: 'TRK-D',
    pickupWindow,
    quote: { amountMinor: 2000, currency: 'EUR' },
  };

  it('resolves NO_CARRIER with an accepted manual tender', () => {
    const { shipment: assigned, events } = assignCarrierManually(
      onHoldShipment(),
      assignment,
      T0 + 90 * MINUTE,
    );
    expect(assigned.status).toBe('ACCEPTED');
    expect(assigned.openException).toBeNull();
    expect(assigned.tenders[3]).toMatchObject({
      attempt: 4,
      carrierId: 'delta',
      manual: true,
      status: 'ACCEPTED',
    });
    expect(events).toEqual([
      expect.objectContaining({ type: 'TenderAccepted', manual: true }),
      expect.objectContaining({
        type: 'ExceptionResolved',
        exceptionId: 'shp-1:NO_CARRIER:3',
        resolution: 'CARRIER_ASSIGNED',
      }),
    ]);
  });

  it('is refused while a tender is still running', () => {
    expect(() => assignCarrierManually(tenderedShipment(), assignment, T0)).toThrow(
      expect.objectContaining({ code: 'TRANSPORT.INVALID_TRANSITION' }),
    );
  });
});
