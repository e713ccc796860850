import { EventCodec, schemaDescriptors, type SchemaRegistryPort } from '@logisync/canonical-events';
import { calculateInvoice, Money, TaxTable } from '../domain';
import {
  exceptionRaised,
  invoiceHeld,
  invoiceIssued,
  invoiceReleased,
} from './billing-event.factory';

const origin = { orderId: 'o-1', causationId: null, tenant: 'acme', region: 'eu-west' };
// Validation needs no registry: validate() checks against the newest schema of the contract.
const codec = new EventCodec({} as SchemaRegistryPort, { descriptors: schemaDescriptors });

describe('billing events', () => {
  it('maps hold reasons the schema lacks to a generic symbol with the reason in the detail', () => {
    const customs = invoiceHeld(origin, 'inv-1', 'CUSTOMS_HOLD', 'missing papers');
    const failed = invoiceHeld(origin, null, 'DELIVERY_FAILED', 'RECIPIENT_ABSENT');
    const manual = invoiceHeld(origin, 'inv-1', 'MANUAL', 'dispute');
    expect(customs.event).toMatchObject({
      reason: 'UNKNOWN',
      detail: 'CUSTOMS_HOLD: missing papers',
    });
    expect(failed.event).toMatchObject({
      reason: 'NOT_DELIVERED',
      detail: 'DELIVERY_FAILED: RECIPIENT_ABSENT',
    });
    expect(manual.event).toMatchObject({ reason: 'MANUAL', detail: 'MANUAL: dispute' });
    for (const e of [customs, failed, manual]) codec.validate('InvoiceHeld', e.event as never);
    const released = invoiceReleased(origin, 'inv-1', 'CUSTOMS_HOLD', 'transport-service');
    codec.validate('InvoiceReleased', released.event as never);
  });

  it('writes the invoice amounts as computed, valid against the schema', () => {
    const euro = (n: number) => Money.of(n, 'EUR');
    const calc = calculateInvoice(
      {
        currency: 'EUR',
        region: 'eu-west',
        lines: [{ lineNo: 1, sku: 'A', quantity: 3, unitPrice: euro(333) }],
        freight: euro(100),
      },
      TaxTable.fromRates({ 'eu-west': 1900 }),
    );
    const issued = invoiceIssued(origin, 'inv-1', 'INV-2026-000001', calc, new Date());
    codec.validate('InvoiceIssued', issued.event as never);
    expect(issued.event).toMatchObject({
      lines: [{ lineNo: 1, sku: 'A', quantity: 3, unitPriceMinor: 333, amountMinor: 999 }],
      subtotalMinor: 999,
      freightMinor: 100,
      taxMinor: calc.tax.amountMinor,
      totalMinor: 999 + 100 + calc.tax.amountMinor,
    });
  });

  it('raises reconciliation mismatches as ExceptionRaised with the code leading the details', () => {
    const raised = exceptionRaised(origin, 'RECONCILIATION_MISMATCH', '{"kind":"X"}', new Date(0));
    codec.validate('ExceptionRaised', raised.event as never);
    expect(raised.event).toMatchObject({
      type: 'OTHER',
      details: 'RECONCILIATION_MISMATCH: {"kind":"X"}',
      slaDueAt: new Date(24 * 3_600_000),
    });
  });
});
