import { PricedLine, calculateInvoice } from './invoice-calculation';
import { Money } from './money';
import { DeliveredOrder, IssuedInvoiceRecord, reconcileBilling } from './reconciliation';
import { TaxTable } from './tax-table';

const taxes = TaxTable.fromRates({ 'eu-west': 1900 });
const eur = (minor: number) => Money.of(minor, 'EUR');
const lines: PricedLine[] = [{ lineNo: 1, sku: 'SKU-A', quantity: 2, unitPrice: eur(1000) }];

const order = (orderId: string, freightMinor: number | null = 500): DeliveredOrder => ({
  orderId,
  currency: 'EUR',
  region: 'eu-west',
  lines,
  freight: freightMinor === null ? null : eur(freightMinor),
});

function invoiceFor(delivered: DeliveredOrder, invoiceNumber: string): IssuedInvoiceRecord {
  const computed = calculateInvoice({ ...delivered, freight: delivered.freight ?? eur(0) }, taxes);
  return { ...computed, orderId: delivered.orderId, invoiceNumber };
}

describe('reconcileBilling', () => {
  it('reports nothing when every delivered order has one matching invoice', () => {
    const orders = [order('O-1'), order('O-2')];
    const invoices = [
      invoiceFor(orders[0], 'INV-2026-000001'),
      invoiceFor(orders[1], 'INV-2026-000002'),
    ];
    expect(reconcileBilling(orders, invoices, taxes)).toEqual({
      deliveredNotInvoiced: [],
      invoicedNotDelivered: [],
      duplicateInvoices: [],
      totalMismatches: [],
      mismatchCount: 0,
    });
  });

  it('finds each planted mismatch', () => {
    const [o1, o2, o3, o4, o5] = ['O-1', 'O-2', 'O-3', 'O-4', 'O-5'].map((id) => order(id));
    const tampered = invoiceFor(o4, 'INV-2026-000004');
    const invoices: IssuedInvoiceRecord[] = [
      invoiceFor(o1, 'INV-2026-000001'),
      invoiceFor(o2, 'INV-2026-000003'),
      invoiceFor(o2, 'INV-2026-000002'), // a second invoice for O-2
      invoiceFor(order('O-9'), 'INV-2026-000009'), // never delivered
      { ...tampered, total: eur(tampered.total.amountMinor + 1) }, // does not add up
      invoiceFor(order('O-5', 700), 'INV-2026-000005'), // adds up, but not the confirmed freight
    ];
    const report = reconcileBilling([o5, o3, o2, o1, o4], invoices, taxes);
    expect(report.deliveredNotInvoiced).toEqual(['O-3']);
    expect(report.invoicedNotDelivered).toEqual([
      { orderId: 'O-9', invoiceNumber: 'INV-2026-000009' },
    ]);
    expect(report.duplicateInvoices).toEqual([
      { orderId: 'O-2', invoiceNumbers: ['INV-2026-000002', 'INV-2026-000003'] },
    ]);
    expect(report.totalMismatches).toEqual([
      expect.objectContaining({ orderId: 'O-4', problem: 'INCONSISTENT_TOTALS' }),
      {
        orderId: 'O-5',
        invoiceNumber: 'INV-2026-000005',
        problem: 'DIFFERS_FROM_ORDER',
        invoicedTotal: eur(3213), // (2000 + 700 freight) x 1.19
        expectedTotal: eur(2975), // (2000 + 500 confirmed freight) x 1.19
      },
    ]);
    expect(report.mismatchCount).toBe(5);
  });

  it('checks only internal consistency when the freight was never confirmed', () => {
    const noFreight = order('O-1', null);
    const report = reconcileBilling([noFreight], [invoiceFor(noFreight, 'INV-2026-000001')], taxes);
    expect(report.mismatchCount).toBe(0);
  });

  it('reports an order whose invoice cannot be recomputed as differing', () => {
    const usdOrder: DeliveredOrder = { ...order('O-1'), freight: Money.of(500, 'USD') };
    const invoice = invoiceFor(order('O-1'), 'INV-2026-000001');
    const report = reconcileBilling([usdOrder], [invoice], taxes);
    expect(report.totalMismatches).toEqual([
      expect.objectContaining({ orderId: 'O-1', problem: 'DIFFERS_FROM_ORDER' }),
    ]);
    expect(report.totalMismatches[0].expectedTotal).toBeUndefined();
  });

  it('gives the same report whatever the input order', () => {
    const orders = [order('O-1'), order('O-2'), order('O-3')];
    const invoices = [
      invoiceFor(orders[1], 'INV-2026-000002'),
      invoiceFor(order('O-8'), 'INV-2026-000008'),
    ];
    const forward = reconcileBilling(orders, invoices, taxes);
    expect(reconcileBilling([...orders].reverse(), [...invoices].reverse(), taxes)).toEqual(
      forward,
    );
  });
});
