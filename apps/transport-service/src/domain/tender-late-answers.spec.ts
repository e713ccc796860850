import type { Shipment } from './shipment';
import { acceptTender, expireDueTender, rejectTender } from './tender-response';
import { withdrawShipment } from './tender-withdrawal';
import { MINUTE, T0, tenderedShipment } from './transport.fixtures';

const pickupWindow = { startAt: T0 + 60 * MINUTE, endAt: T0 + 120 * MINUTE };
const FIRST = 'shp-1:tender:1';
const accept = (shipment: Shipment, at: number, trackingNumber = 'TRK-1') =>
  acceptTender(shipment, { tenderId: FIRST, trackingNumber, pickupWindow }, at);
const reject = (shipment: Shipment, at: number) =>
  rejectTender(shipment, { tenderId: FIRST, reason: 'RATE_DECLINED', detail: 'too cheap' }, at);
const code = (code: string) => expect.objectContaining({ code });

describe('late and repeated tender answers', () => {
  const shipment = tenderedShipment();
  const expiresAt = shipment.tenders[0].expiresAt;

  it('accepts up to 1 ms before expiry', () => {
    expect(accept(shipment, expiresAt - 1).shipment.status).toBe('ACCEPTED');
  });

  it.each([0, 1, 60_000])('refuses an accept %i ms after expiry, before the sweep', (late) => {
    expect(() => accept(shipment, expiresAt + late)).toThrow(code('TRANSPORT.TENDER_EXPIRED'));
  });

  it('refuses any answer to a tender the sweep expired', () => {
    const swept = expireDueTender(shipment, expiresAt).shipment;
    expect(() => accept(swept, expiresAt + 1)).toThrow(code('TRANSPORT.TENDER_EXPIRED'));
    expect(() => reject(swept, expiresAt + 1)).toThrow(code('TRANSPORT.TENDER_EXPIRED'));
  });

  it('takes a rejection that beats the sweep as a rejection', () => {
    const { shipment: next, events } = reject(shipment, expiresAt + 1);
    expect(events[0]).toMatchObject({
      type: 'TenderRejected',
      reason: 'RATE_DECLINED',
      detail: 'too cheap',
    });
    expect(next.tenders[0].status).toBe('REJECTED');
  });

  it('refuses an accept of a superseded (rejected) tender', () => {
    const moved = reject(shipment, T0 + MINUTE).shipment;
    expect(() => accept(moved, T0 + 2 * MINUTE)).toThrow(code('TRANSPORT.TENDER_SUPERSEDED'));
  });

  it('refuses answers to a withdrawn tender', () => {
    const withdrawn = withdrawShipment(shipment, 'ORDER_CANCELLED', T0 + MINUTE).shipment;
    expect(() => accept(withdrawn, T0 + 2 * MINUTE)).toThrow(code('TRANSPORT.TENDER_WITHDRAWN'));
    expect(() => reject(withdrawn, T0 + 2 * MINUTE)).toThrow(code('TRANSPORT.TENDER_WITHDRAWN'));
  });

  it('treats a repeated identical answer as a no-op', () => {
    const accepted = accept(shipment, T0 + MINUTE).shipment;
    expect(accept(accepted, T0 + 2 * MINUTE)).toEqual({ shipment: accepted, events: [] });
    const rejected = reject(shipment, T0 + MINUTE).shipment;
    expect(reject(rejected, T0 + 2 * MINUTE)).toEqual({ shipment: rejected, events: [] });
  });

  it('refuses a second, different answer', () => {
    const accepted = accept(shipment, T0 + MINUTE).shipment;
    expect(() => accept(accepted, T0 + 2 * MINUTE, 'TRK-OTHER')).toThrow(
      code('TRANSPORT.TENDER_ALREADY_ANSWERED'),
    );
    expect(() => reject(accepted, T0 + 2 * MINUTE)).toThrow(
      code('TRANSPORT.TENDER_ALREADY_ANSWERED'),
    );
  });

  it('refuses an unknown tender', () => {
    expect(() =>
      rejectTender(shipment, { tenderId: 'shp-1:tender:9', reason: 'OTHER' }, T0),
    ).toThrow(code('TRANSPORT.TENDER_NOT_FOUND'));
  });

  it.each([
    ['no tracking number', { tenderId: FIRST, trackingNumber: '', pickupWindow }],
    [
      'a reversed pickup window',
      { tenderId: FIRST, trackingNumber: 'T', pickupWindow: { startAt: 2, endAt: 1 } },
    ],
  ])('refuses an acceptance with %s', (_, acceptance) => {
    expect(() => acceptTender(shipment, acceptance, T0)).toThrow(
      code('TRANSPORT.INVALID_TENDER_RESPONSE'),
    );
  });
});
