import { recordMilestone } from './record-milestone';
import { markLoaded } from './shipment-loading';
import { acceptedShipment, actual, MINUTE, T0, tenderedShipment } from './transport.fixtures';

const code = (code: string) => expect.objectContaining({ code });

describe('ShipmentLoaded and milestones that came first', () => {
  it('records an early DEPARTED and applies it at loading', () => {
    const early = recordMilestone(acceptedShipment(), actual('DEPARTED', 'e1', 200), T0);
    expect(early).toMatchObject({ outcome: 'AWAITING_LOADING', events: [] });
    expect(early.shipment.status).toBe('ACCEPTED');
    const { shipment, events } = markLoaded(early.shipment, T0 + 150 * MINUTE);
    expect(shipment.status).toBe('DEPARTED');
    expect(events).toEqual([
      expect.objectContaining({ type: 'ShipmentStatusAdvanced', from: 'ACCEPTED', to: 'DEPARTED' }),
    ]);
  });

  it('loads to LOADED, once', () => {
    const { shipment, events } = markLoaded(acceptedShipment(), T0);
    expect(shipment.status).toBe('LOADED');
    expect(events).toEqual([
      expect.objectContaining({ from: 'ACCEPTED', to: 'LOADED', milestone: null }),
    ]);
    expect(markLoaded(shipment, T0 + MINUTE)).toEqual({ shipment, events: [] });
  });

  it('refuses to load without an accepted carrier', () => {
    expect(() => markLoaded(tenderedShipment(), T0)).toThrow(code('TRANSPORT.NO_ACCEPTED_TENDER'));
  });
});
