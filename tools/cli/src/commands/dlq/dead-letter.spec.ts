import { parseFilters, redriveHeaders, toDeadLetter } from './dead-letter';

const letter = (headers: Record<string, string>) =>
  toDeadLetter({
    partition: 0,
    offset: '4',
    timestamp: '0',
    key: Buffer.from('order-1'),
    value: Buffer.from([0, 0, 0, 0, 1]),
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)])),
  });

describe('dead letters', () => {
  const d = letter({
    'event-type': 'InventoryAllocated',
    'event-id': 'e1',
    'dlq-original-topic': 'warehouse.milestones.v1',
    'dlq-original-partition': '3',
    'dlq-original-offset': '17',
    'dlq-error-code': 'EVENT.INVALID',
    'dlq-error-class': 'poison',
    'dlq-attempts': '1',
  });

  it('reads where it came from and why from the headers', () => {
    expect(d).toMatchObject({
      key: 'order-1',
      eventType: 'InventoryAllocated',
      originalTopic: 'warehouse.milestones.v1',
      originalPartition: 3,
      originalOffset: '17',
      redriveCount: 0,
    });
  });

  it('filters by name=value, all of them', () => {
    expect(parseFilters(['type=InventoryAllocated', 'error=EVENT.INVALID'])(d)).toBe(true);
    expect(parseFilters(['type=InventoryAllocated', 'class=transient'])(d)).toBe(false);
    expect(parseFilters(['order=order-1'])(d)).toBe(true);
    expect(() => parseFilters(['colour=red'])).toThrow(/--filter/);
    expect(() => parseFilters(['type'])).toThrow(/--filter/);
  });

  it('writes back the event headers with the re-drive counter raised, without the dlq-* ones', () => {
    expect(redriveHeaders(d)).toEqual({
      'event-type': 'InventoryAllocated',
      'event-id': 'e1',
      'dlq-redrive-count': '1',
    });
    const again = letter({ 'event-id': 'e1', 'dlq-redrive-count': '2' });
    expect(redriveHeaders(again)['dlq-redrive-count']).toBe('3');
  });
});
