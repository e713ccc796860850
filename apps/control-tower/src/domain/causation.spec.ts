import { causationForest, flattenForest } from './causation';

const t = (s: number) => new Date(Date.UTC(2026, 10, 26, 8, 0, s));
const e = (eventId: string, causationId: string | null, s: number) => ({
  eventId,
  eventType: eventId,
  producer: 'p',
  occurredAt: t(s),
  causationId,
});

describe('the causation chain', () => {
  it('puts each event under its cause, siblings by time, foreign causes as roots', () => {
    const events = [
      e('picked', 'allocated', 3),
      e('released', null, 0),
      e('allocated', 'released', 1),
      e('held', 'released', 2),
      e('carrier-scan', 'outside-event', 5),
    ];
    const flat = flattenForest(causationForest(events)).map(
      ({ event, depth }) => `${depth}:${event.eventId}`,
    );
    expect(flat).toEqual(['0:released', '1:allocated', '2:picked', '1:held', '0:carrier-scan']);
  });

  it('survives a cycle without looping', () => {
    const flat = flattenForest(causationForest([e('a', 'b', 0), e('b', 'a', 1)]));
    expect(flat.length).toBeLessThanOrEqual(2);
  });
});
