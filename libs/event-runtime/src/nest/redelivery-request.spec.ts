import { parseRedelivery } from './redelivery-request';

describe('parseRedelivery', () => {
  const message = {
    topic: 't',
    partition: 1,
    offset: '7',
    key: 'o-1',
    value: Buffer.from('x').toString('base64'),
    headers: { 'event-id': 'e' },
  };

  it('reads raw messages with base64 values', () => {
    const [m] = parseRedelivery([message], ['t']);
    expect(m).toEqual({ ...message, value: Buffer.from('x') });
  });

  it('refuses topics the service does not consume, malformed messages and empty lists', () => {
    expect(() => parseRedelivery([message], ['other'])).toThrow(/does not consume t/);
    expect(() => parseRedelivery([{ ...message, partition: 'one' }], ['t'])).toThrow(
      /messages\[0\]/,
    );
    expect(() => parseRedelivery([{ ...message, headers: { a: 1 } }], ['t'])).toThrow(
      /messages\[0\]/,
    );
    expect(() => parseRedelivery([], ['t'])).toThrow(/Expected/);
  });

  it.each([
    ['a negative partition', { partition: -1 }],
    ['a partition beyond int32', { partition: 2 ** 31 }],
    ['a numeric offset', { offset: 7 }],
    ['an offset in an array', { offset: ['7'] }],
    ['a value that is not base64', { value: 'not base64!' }],
    ['an unknown property', { extra: true }],
  ])('refuses %s', (_, change) => {
    expect(() => parseRedelivery([{ ...message, ...change }], ['t'])).toThrow(/messages\[0\]/);
  });

  it('takes an empty value as a tombstone', () => {
    expect(parseRedelivery([{ ...message, value: '' }], ['t'])[0].value).toEqual(Buffer.alloc(0));
  });
});
