import { openTenderOf, startTendering } from './tender';
import { acceptTender, expireDueTender } from './tender-response';
import {
  answerOpenTender,
  eventTypes,
  MINUTE,
  plannedShipment,
  T0,
  tenderedShipment,
} from './transport.fixtures';

type Answer = 'REJECT' | 'EXPIRE';
const answer = answerOpenTender;

describe('planning and the first tender', () => {
  it('plans, then tenders to the first carrier of the sequence', () => {
    const planned = plannedShipment();
    expect(planned.status).toBe('PLANNED');
    const { shipment, events } = startTendering(planned, T0);
    expect(shipment.status).toBe('TENDERED');
    expect(shipment.tenders[0]).toMatchObject({
      tenderId: 'shp-1:tender:1',
      attempt: 1,
      carrierId: 'bravo',
      status: 'OPEN',
      expiresAt: T0 + 1800 * 1000,
      quote: { amountMinor: 1235, currency: 'EUR' },
    });
    expect(eventTypes(events)).toEqual(['CarrierTendered']);
  });

  it('refuses to tender twice', () => {
    expect(() => startTendering(tenderedShipment(), T0)).toThrow(
      expect.objectContaining({ code: 'TRANSPORT.INVALID_TRANSITION' }),
    );
  });

  it('puts a shipment without any lane ON_HOLD with a NO_CARRIER exception', () => {
    const { shipment, events } = startTendering(plannedShipment([]), T0);
    expect(shipment.status).toBe('ON_HOLD');
    expect(events).toEqual([
      {
        type: 'ExceptionRaised',
        exception: expect.objectContaining({
          kind: 'NO_CARRIER',
          attempts: [],
          details: 'no lane serves this route',
        }),
      },
    ]);
  });
});

describe('automatic re-tender', () => {
  it('re-tenders to the next carrier after a rejection', () => {
    const { shipment, events } = answer(tenderedShipment(), 'REJECT');
    expect(eventTypes(events)).toEqual(['TenderRejected', 'CarrierTendered']);
    expect(events[0]).toMatchObject({ carrierId: 'bravo', attempt: 1, reason: 'NO_CAPACITY' });
    expect(openTenderOf(shipment)).toMatchObject({ attempt: 2, carrierId: 'alpha' });
  });

  it('leaves an open tender alone until it expires, then rejects it as EXPIRED', () => {
    const shipment = tenderedShipment();
    const expiresAt = shipment.tenders[0].expiresAt;
    expect(expireDueTender(shipment, expiresAt - 1)).toEqual({ shipment, events: [] });
    const { shipment: next, events } = expireDueTender(shipment, expiresAt);
    expect(events[0]).toMatchObject({
      type: 'TenderRejected',
      reason: 'EXPIRED',
      carrierId: 'bravo',
    });
    expect(next.tenders[0].status).toBe('EXPIRED');
    expect(openTenderOf(next)).toMatchObject({
      carrierId: 'alpha',
      expiresAt: expiresAt + 3600 * 1000,
    });
  });

  const everyCombination: Answer[][] = (['REJECT', 'EXPIRE'] as const).flatMap((a) =>
    (['REJECT', 'EXPIRE'] as const).flatMap((b) =>
      (['REJECT', 'EXPIRE'] as const).map((c) => [a, b, c]),
    ),
  );

  it.each(everyCombination)('%s, %s, %s: every carrier declines -> ON_HOLD', (...answers) => {
    let shipment = tenderedShipment();
    const seen: string[] = [];
    for (const how of answers) {
      const transition = answer(shipment, how);
      shipment = transition.shipment;
      seen.push(...eventTypes(transition.events));
    }
    expect(seen).toEqual([
      'TenderRejected',
      'CarrierTendered',
      'TenderRejected',
      'CarrierTendered',
      'TenderRejected',
      'ExceptionRaised',
    ]);
    expect(shipment.status).toBe('ON_HOLD');
    expect(shipment.openException).toMatchObject({
      exceptionId: 'shp-1:NO_CARRIER:3',
      exceptionType: 'TENDER_ALL_REJECTED',
      attempts: ['bravo', 'alpha', 'charlie'].map((carrierId, i) => ({
        attempt: i + 1,
        carrierId,
        outcome: answers[i] === 'REJECT' ? 'REJECTED' : 'EXPIRED',
      })),
    });
    expect(openTenderOf(shipment)).toBeNull();
  });

  it('stops re-tendering once a later carrier accepts', () => {
    const second = answer(tenderedShipment(), 'EXPIRE').shipment;
    const tender = openTenderOf(second)!;
    const pickupWindow = { startAt: T0 + 240 * MINUTE, endAt: T0 + 300 * MINUTE };
    const accepted = acceptTender(
      second,
      { tenderId: tender.tenderId, trackingNumber: 'TRK-A', pickupWindow },
      tender.tenderedAt + MINUTE,
    );
    expect(accepted.shipment.status).toBe('ACCEPTED');
    expect(accepted.events).toEqual([
      expect.objectContaining({
        type: 'TenderAccepted',
        carrierId: 'alpha',
        attempt: 2,
        trackingNumber: 'TRK-A',
        pickupWindow,
      }),
    ]);
    expect(expireDueTender(accepted.shipment, T0 + 10_000 * MINUTE).events).toEqual([]);
  });
});
