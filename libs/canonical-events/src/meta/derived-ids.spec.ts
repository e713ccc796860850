import { createEventMeta } from './event-meta.factory';
import { deriveEventIdsWithin, derivedId, nameBasedUuid } from './derived-ids';

const meta = (
  causationId: string | null,
  eventType: 'OrderHeld' | 'OrderCompleted' = 'OrderHeld',
) =>
  createEventMeta({
    eventType,
    producer: 'order-service',
    correlationId: 'o-1',
    tenant: 't',
    region: 'eu',
    causationId,
  });

describe('derived identities', () => {
  it('computes RFC 9562 version 5 UUIDs', () => {
    // The RFC's example: the DNS namespace and "www.example.com".
    expect(nameBasedUuid('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('derives the same id from the same parts, another from other parts', () => {
    expect(derivedId('e-1', 'invoice')).toBe(derivedId('e-1', 'invoice'));
    expect(derivedId('e-1', 'invoice')).not.toBe(derivedId('e-2', 'invoice'));
    expect(derivedId('e-1', 'inv', 'oice')).not.toBe(derivedId('e-1', 'invoice'));
  });

  it('gives an event caused by an event being applied the same id on every application', () => {
    const cause = '8d0f4c1e-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
    const apply = () =>
      deriveEventIdsWithin([cause], () => [
        meta(cause).eventId,
        meta(cause).eventId,
        meta(cause, 'OrderCompleted').eventId,
      ]);
    const first = apply();
    expect(apply()).toEqual(first);
    expect(new Set(first).size).toBe(3);
  });

  it('draws a random id outside an application or for a cause not being applied', () => {
    const cause = '8d0f4c1e-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
    expect(meta(cause).eventId).not.toBe(meta(cause).eventId);
    const other = deriveEventIdsWithin(['another'], () => [
      meta(cause).eventId,
      meta(cause).eventId,
    ]);
    expect(other[0]).not.toBe(other[1]);
    expect(deriveEventIdsWithin([cause], () => meta(null).eventId)).not.toBe(
      deriveEventIdsWithin([cause], () => meta(null).eventId),
    );
  });
});
