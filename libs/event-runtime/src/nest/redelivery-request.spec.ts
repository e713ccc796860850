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
});
