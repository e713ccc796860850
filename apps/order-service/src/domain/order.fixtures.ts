import type { Milestone, MilestoneType } from './milestone';
import { Order } from './order';

/** Test data for the domain specs (no I/O). */
export function draftOrder(id = 'order-1'): Order {
  return Order.create({
    id,
    customerId: 'customer-1',
    channel: 'WEB',
    lines: [
      { sku: 'SKU-1', quantity: 2, unitPriceMinor: 1_000, currency: 'EUR' },
      { sku: 'SKU-2', quantity: 1, unitPriceMinor: 500, currency: 'EUR' },
    ],
    shipTo: { name: 'Ada', street: 'Main 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
    requestedDeliveryDate: new Date('2026-12-01T00:00:00Z'),
    priority: 'STANDARD',
    region: 'eu-west',
    createdAt: new Date('2026-11-01T00:00:00Z'),
  });
}

export function releasedOrder(id = 'order-1'): Order {
  const order = draftOrder(id);
  order.release();
  return order;
}

export function milestone(
  type: MilestoneType,
  minute: number,
  extra: Partial<Milestone> = {},
): Milestone {
  return {
    eventId: `${type}-${minute}`,
    type,
    occurredAt: new Date(Date.UTC(2026, 10, 2, 0, minute)),
    producer: 'test',
    ...extra,
  };
}

/** The whole happy flow, with every kind of hold raised and cleared on the way, in order. */
export function fullFlow(): Milestone[] {
  const types: MilestoneType[] = [
    'AllocationFailed',
    'InventoryAllocated',
    'OrderPicked',
    'OrderPacked',
    'ExceptionRaised',
    'TenderAccepted',
    'ShipmentLoaded',
    'ShipmentDeparted',
    'CustomsHoldRaised',
    'CustomsCleared',
    'ShipmentInTransit',
    'DeliveryFailed',
    'ShipmentDelivered',
    'InvoiceHeld',
    'InvoiceReleased',
    'InvoiceIssued',
  ];
  return types.map((type, i) =>
    milestone(type, i, {
      classifier: type.startsWith('Shipment') && type !== 'ShipmentLoaded' ? 'ACTUAL' : undefined,
      invoiceId: type === 'InvoiceIssued' ? 'invoice-1' : undefined,
      exceptionType: type === 'ExceptionRaised' ? 'TENDER_ALL_REJECTED' : undefined,
    }),
  );
}
