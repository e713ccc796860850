import { isPlausibleTime } from './field-rules';

describe('isPlausibleTime', () => {
  it.each(['2026-11-27', '2026-11-27T10:00:00Z', '2024-02-29T23:59:59.123+01:00', '1970-01-01'])(
    'accepts %s',
    (value) => expect(isPlausibleTime(value)).toBe(true),
  );

  it.each([
    '0000-01-01',
    '0000-01-01T00:00:00Z',
    '99999-01-01',
    '+099999-01-01T00:00:00Z',
    'yesterday',
    '2026-02-30',
    '2026-02-30T10:00:00Z',
    '2025-02-29',
    '2026-13-01',
    '2026-11-27T25:00:00Z',
    '',
  ])('refuses %s', (value) => expect(isPlausibleTime(value)).toBe(false));
});
