import { PricedLine, calculateInvoice, invoiceTotalsAreConsistent } from './invoice-calculation';
import { Money } from './money';
import { TaxTable } from './tax-table';

const code = (c: string) => expect.objectContaining({ code: c });
const taxes = TaxTable.fromRates({ 'eu-west': 1900, 'eu-south': 2200, 'us-east': 0 });
const eur = (minor: number) => Money.of(minor, 'EUR');
const line = (
  lineNo: number,
  quantity: number,
  unitMinor: number,
  currency = 'EUR',
): PricedLine => ({
  lineNo,
  sku: `SKU-${lineNo}`,
  quantity,
  unitPrice: Money.of(unitMinor, currency),
});

describe('calculateInvoice', () => {
  it('totals lines plus freight plus tax on (lines + freight)', () => {
    const invoice = calculateInvoice(
      {
        currency: 'EUR',
        region: 'eu-west',
        lines: [line(1, 2, 1000), line(2, 1, 550)],
        freight: eur(450),
      },
      taxes,
    );
    expect(invoice.lines.map((l) => l.amount.amountMinor)).toEqual([2000, 550]);
    expect(invoice.subtotal).toEqual(eur(2550));
    expect(invoice.freight).toEqual(eur(450));
    expect(invoice.taxRate).toBe(1900);
    expect(invoice.tax).toEqual(eur(570)); // 19 % of 3000
    expect(invoice.total).toEqual(eur(3570));
  });

  it('rounds tax once per invoice, half up at the .5 boundary', () => {
    // Three lines of 1.50: per line 0.285 -> 0.29 each would give 0.87; per invoice 4.50 x 19 % = 0.855 -> 0.86.
    const invoice = calculateInvoice(
      {
        currency: 'EUR',
        region: 'eu-west',
        lines: [line(1, 1, 150), line(2, 1, 150), line(3, 1, 150)],
        freight: eur(0),
      },
      taxes,
    );
    expect(invoice.tax).toEqual(eur(86));
    expect(invoice.total).toEqual(eur(536));
  });

  it('rounds 28.5 minor units of tax up to 29 (half to even would give 28)', () => {
    const invoice = calculateInvoice(
      { currency: 'EUR', region: 'eu-west', lines: [line(1, 1, 100)], freight: eur(50) },
      taxes,
    );
    expect(invoice.tax).toEqual(eur(29));
    expect(invoice.total).toEqual(eur(179));
  });

  it('orders lines by line number whatever the input order', () => {
    const invoice = calculateInvoice(
      {
        currency: 'EUR',
        region: 'us-east',
        lines: [line(3, 1, 1), line(1, 1, 1), line(2, 1, 1)],
        freight: eur(0),
      },
      taxes,
    );
    expect(invoice.lines.map((l) => l.lineNo)).toEqual([1, 2, 3]);
    expect(invoice.tax).toEqual(eur(0));
  });

  it('refuses a line or freight in another currency', () => {
    const base = { currency: 'EUR', region: 'eu-west', lines: [line(1, 1, 100)], freight: eur(10) };
    expect(() => calculateInvoice({ ...base, freight: Money.of(10, 'USD') }, taxes)).toThrow(
      code('BILLING.CURRENCY_MISMATCH'),
    );
    expect(() => calculateInvoice({ ...base, lines: [line(1, 1, 100, 'USD')] }, taxes)).toThrow(
      code('BILLING.CURRENCY_MISMATCH'),
    );
  });

  it.each([
    ['no lines', []],
    ['a zero quantity', [line(1, 0, 100)]],
    ['a fractional quantity', [line(1, 1.5, 100)]],
    ['a negative price', [line(1, 1, -1)]],
    ['a repeated line number', [line(1, 1, 1), line(1, 2, 1)]],
  ])('refuses %s', (_name, lines) => {
    const input = { currency: 'EUR', region: 'eu-west', lines, freight: eur(0) };
    expect(() => calculateInvoice(input, taxes)).toThrow(code('BILLING.INVALID_ORDER_LINES'));
  });

  it('refuses negative freight and an unknown region', () => {
    const base = { currency: 'EUR', region: 'eu-west', lines: [line(1, 1, 100)], freight: eur(-1) };
    expect(() => calculateInvoice(base, taxes)).toThrow(code('BILLING.INVALID_AMOUNT'));
    expect(() => calculateInvoice({ ...base, freight: eur(0), region: 'mars' }, taxes)).toThrow(
      code('BILLING.TAX_RATE_UNKNOWN'),
    );
  });
});

describe('invariant 2 of docs/architecture.md: total = order lines + freight + tax', () => {
  // A small deterministic generator (LCG) keeps the property test reproducible.
  function generator(seed: number): (max: number) => number {
    let state = seed;
    return (max) => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state % max;
    };
  }

  it('holds for 500 generated orders', () => {
    const next = generator(42);
    for (let i = 0; i < 500; i += 1) {
      const lines = Array.from({ length: 1 + next(6) }, (_, k) =>
        line(k + 1, 1 + next(50), next(100_000)),
      );
      const freight = eur(next(20_000));
      const region = ['eu-west', 'eu-south', 'us-east'][next(3)];
      const invoice = calculateInvoice({ currency: 'EUR', region, lines, freight }, taxes);
      const orderLines = lines.reduce((sum, l) => sum + l.quantity * l.unitPrice.amountMinor, 0);
      const base = orderLines + freight.amountMinor;
      const exactTax = (base * taxes.rateFor(region)) / 10_000;
      expect(invoice.total.amountMinor).toBe(
        orderLines + freight.amountMinor + invoice.tax.amountMinor,
      );
      expect(Math.abs(invoice.tax.amountMinor - exactTax)).toBeLessThanOrEqual(0.5);
      expect(invoiceTotalsAreConsistent(invoice)).toBe(true);
    }
  });

  it('detects an invoice whose totals do not add up', () => {
    const invoice = calculateInvoice(
      { currency: 'EUR', region: 'eu-west', lines: [line(1, 2, 100)], freight: eur(100) },
      taxes,
    );
    expect(
      invoiceTotalsAreConsistent({ ...invoice, total: eur(invoice.total.amountMinor + 1) }),
    ).toBe(false);
    expect(invoiceTotalsAreConsistent({ ...invoice, subtotal: eur(1) })).toBe(false);
    const badLine = { ...invoice.lines[0], amount: eur(1) };
    expect(invoiceTotalsAreConsistent({ ...invoice, lines: [badLine] })).toBe(false);
    expect(invoiceTotalsAreConsistent({ ...invoice, tax: Money.of(1, 'USD') })).toBe(false);
  });
});
