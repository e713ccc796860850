import {
  formatInvoiceNumber,
  invoiceYearOf,
  nextInvoiceNumber,
  parseInvoiceNumber,
} from './invoice-number';

const code = (c: string) => expect.objectContaining({ code: c });

describe('invoice numbers', () => {
  it('formats and parses series, year and a six-digit sequence', () => {
    expect(formatInvoiceNumber({ series: 'INV', year: 2026, sequence: 1 })).toBe('INV-2026-000001');
    expect(parseInvoiceNumber('INV-2026-000042')).toEqual({
      series: 'INV',
      year: 2026,
      sequence: 42,
    });
    expect(
      parseInvoiceNumber(formatInvoiceNumber({ series: 'CRN', year: 2031, sequence: 999_999 })),
    ).toEqual({
      series: 'CRN',
      year: 2031,
      sequence: 999_999,
    });
  });

  it.each([
    'INV-2026-1',
    'INV-2026-0000001',
    'inv-2026-000001',
    'INV-26-000001',
    'INV-2026-000000',
    'INV-1999-000001',
    'INV2026000001',
    ' INV-2026-000001',
    'INV-2026-000001\n',
    'I-2026-000001',
    '',
  ])('rejects the malformed number %j', (text) => {
    expect(() => parseInvoiceNumber(text)).toThrow(code('BILLING.MALFORMED_INVOICE_NUMBER'));
  });

  it.each([
    { series: 'inv', year: 2026, sequence: 1 },
    { series: 'INV', year: 2026, sequence: 0 },
    { series: 'INV', year: 2026, sequence: 1_000_000 },
    { series: 'INV', year: 10_000, sequence: 1 },
    { series: 'INV', year: 2026, sequence: 1.5 },
  ])('refuses to format %j', (parts) => {
    expect(() => formatInvoiceNumber(parts)).toThrow(code('BILLING.MALFORMED_INVOICE_NUMBER'));
  });

  it('starts each series and year at 000001 and increments by exactly one', () => {
    expect(nextInvoiceNumber('INV', 2026, null)).toBe('INV-2026-000001');
    expect(nextInvoiceNumber('INV', 2026, 'INV-2026-000001')).toBe('INV-2026-000002');
    expect(nextInvoiceNumber('INV', 2026, 'INV-2026-000999')).toBe('INV-2026-001000');
  });

  it('is gapless: 1000 successive allocations give 1..1000', () => {
    let last: string | null = null;
    const sequences: number[] = [];
    for (let i = 0; i < 1000; i += 1) {
      last = nextInvoiceNumber('INV', 2026, last);
      sequences.push(parseInvoiceNumber(last).sequence);
    }
    expect(sequences).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });

  it('refuses a last number of another series or year, and a full series', () => {
    expect(() => nextInvoiceNumber('INV', 2027, 'INV-2026-000005')).toThrow(
      code('BILLING.INVOICE_SERIES_MISMATCH'),
    );
    expect(() => nextInvoiceNumber('CRN', 2026, 'INV-2026-000005')).toThrow(
      code('BILLING.INVOICE_SERIES_MISMATCH'),
    );
    expect(() => nextInvoiceNumber('INV', 2026, 'INV-2026-999999')).toThrow(
      code('BILLING.INVOICE_SERIES_EXHAUSTED'),
    );
    expect(() => nextInvoiceNumber('INV', 2026, 'garbage')).toThrow(
      code('BILLING.MALFORMED_INVOICE_NUMBER'),
    );
  });

  it('takes the year from the UTC issue time', () => {
    expect(invoiceYearOf(Date.UTC(2026, 11, 31, 23, 59, 59, 999))).toBe(2026);
    expect(invoiceYearOf(Date.UTC(2027, 0, 1, 0, 0, 0, 0))).toBe(2027);
  });
});
