import { assertValidLane } from './lane';
import { selectTenderSequence } from './lane-selection';
import { lane, lanes, route } from './transport.fixtures';

const carriersOf = (sequence: ReturnType<typeof selectTenderSequence>) =>
  sequence.map((candidate) => candidate.carrierId);

describe('selectTenderSequence', () => {
  it('orders by priority, then cost, then carrier id', () => {
    const offers = [
      lane({ carrierId: 'zulu', priority: 1, ratePerKgMinor: 100 }),
      lane({ carrierId: 'yankee', priority: 1, ratePerKgMinor: 100 }),
      lane({ carrierId: 'xray', priority: 1, ratePerKgMinor: 90 }),
      lane({ carrierId: 'cheap-but-low-priority', priority: 3, ratePerKgMinor: 1 }),
      lane({ carrierId: 'whiskey', priority: 2, ratePerKgMinor: 500 }),
    ];
    expect(carriersOf(selectTenderSequence(offers, route))).toEqual([
      'xray',
      'yankee',
      'zulu',
      'whiskey',
      'cheap-but-low-priority',
    ]);
  });

  it('quotes each candidate for the shipment weight', () => {
    const [first] = selectTenderSequence(lanes, route);
    expect(first).toMatchObject({
      carrierId: 'bravo',
      quote: { amountMinor: 1235, currency: 'EUR' },
    });
  });

  it('keeps only lanes from the origin region to the destination country', () => {
    const offers = [
      lane({ carrierId: 'serves', destinationCountry: 'DE' }),
      lane({ carrierId: 'other-country', destinationCountry: 'FR' }),
      lane({ carrierId: 'other-region', originRegion: 'EU-EAST' }),
    ];
    expect(
      carriersOf(selectTenderSequence(offers, { ...route, destinationCountry: 'de' })),
    ).toEqual(['serves']);
  });

  it('tenders a carrier once, on its best lane', () => {
    const offers = [
      lane({ carrierId: 'alpha', priority: 2, ratePerKgMinor: 10 }),
      lane({ carrierId: 'alpha', priority: 1, ratePerKgMinor: 300 }),
      lane({ carrierId: 'bravo', priority: 1, ratePerKgMinor: 200 }),
    ];
    const sequence = selectTenderSequence(offers, route);
    expect(carriersOf(sequence)).toEqual(['bravo', 'alpha']);
    expect(sequence[1].lane.priority).toBe(1);
  });

  it('groups lanes of one priority by currency, having no exchange rate', () => {
    const offers = [
      lane({ carrierId: 'usd-cheap', currency: 'USD', ratePerKgMinor: 1 }),
      lane({ carrierId: 'eur-dear', currency: 'EUR', ratePerKgMinor: 900 }),
      lane({ carrierId: 'eur-cheap', currency: 'EUR', ratePerKgMinor: 100 }),
    ];
    expect(carriersOf(selectTenderSequence(offers, route))).toEqual([
      'eur-cheap',
      'eur-dear',
      'usd-cheap',
    ]);
  });

  it('gives the same sequence whatever the order of the lanes', () => {
    const expected = carriersOf(selectTenderSequence(lanes, route));
    const [a, b, c] = lanes;
    for (const order of [
      [a, c, b],
      [b, a, c],
      [b, c, a],
      [c, a, b],
      [c, b, a],
    ]) {
      expect(carriersOf(selectTenderSequence(order, route))).toEqual(expected);
    }
  });

  it('is empty when no lane serves the route', () => {
    expect(selectTenderSequence(lanes, { ...route, destinationCountry: 'JP' })).toEqual([]);
  });

  it('refuses an invalid lane on the route', () => {
    expect(() => selectTenderSequence([lane({ ratePerKgMinor: 1.5 })], route)).toThrow(
      expect.objectContaining({ code: 'TRANSPORT.INVALID_LANE' }),
    );
  });
});

describe('assertValidLane', () => {
  it.each<[string, Partial<Parameters<typeof lane>[0]>]>([
    ['empty origin', { originRegion: '' }],
    ['lowercase country', { destinationCountry: 'de' }],
    ['empty carrier', { carrierId: '' }],
    ['fractional priority', { priority: 1.5 }],
    ['negative rate', { ratePerKgMinor: -1 }],
    ['currency shape', { currency: 'euro' }],
    ['negative transit', { transitDays: -1 }],
    ['zero timeout', { tenderTimeoutSeconds: 0 }],
  ])('refuses %s', (_, overrides) => {
    expect(() => assertValidLane(lane(overrides))).toThrow(
      expect.objectContaining({ code: 'TRANSPORT.INVALID_LANE' }),
    );
  });

  it('accepts a valid lane as it is', () => {
    const valid = lane();
    expect(assertValidLane(valid)).toBe(valid);
  });
});
