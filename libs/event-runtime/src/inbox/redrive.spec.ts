import { isRedrive } from './redrive';

describe('isRedrive', () => {
  it('is true only for a positive re-drive counter', () => {
    expect(isRedrive({ 'dlq-redrive-count': '1' })).toBe(true);
    expect(isRedrive({ 'dlq-redrive-count': '0' })).toBe(false);
    expect(isRedrive({ 'event-id': 'x' })).toBe(false);
    expect(isRedrive({ 'dlq-redrive-count': 'nonsense' })).toBe(false);
  });
});
