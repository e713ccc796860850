import type { SimulatorEndpoints } from '../config';
import { ApiClient, ApiError } from './api-client';
import { signedHeaders } from './carrier-signature';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface OrderView {
  id: string;
  status: string;
  holds?: unknown[];
  timeline?: { type: string; eventId: string; producer: string; occurredAt: string }[];
}

export interface InventoryRow {
  sku: string;
  warehouseId: string;
  onHand: number;
  allocated: number;
  available: number;
}

export interface InvoiceView {
  id: string;
  orderId: string;
  status: string;
  invoiceNumber?: string | null;
  subtotalMinor?: number;
  freightMinor?: number;
  taxMinor?: number;
  totalMinor?: number;
  [field: string]: unknown;
}

/** Treats "it is already there" answers as success: seeding runs again on every start. */
export async function ensureCreated(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (
      error instanceof ApiError &&
      (error.status === 409 || error.code?.endsWith('ALREADY_EXISTS'))
    )
      return;
    throw error;
  }
}

/** The ERP side: order-service. */
export class OrderDeskClient {
  constructor(readonly api: ApiClient) {}

  createCustomer(body: { name: string; region: string; creditLimit: number; currency: string }) {
    return this.api.post<{ id: string }>('/v1/customers', body);
  }

  listCustomers() {
    return this.api.get<
      Page<{ id: string; name: string; region: string }> | { id: string; name: string }[]
    >('/v1/customers');
  }

  createOrder(body: unknown, idempotencyKey: string) {
    return this.api.post<{ id: string; status: string }>('/v1/orders', body, {
      'idempotency-key': idempotencyKey,
    });
  }

  approve(orderId: string) {
    // A retry after a lost answer gets the first answer again, not a 409 for a RELEASED order.
    return this.api.post<{ id: string; status: string }>(
      `/v1/orders/${orderId}/approve`,
      undefined,
      {
        'idempotency-key': `approve-${orderId}`,
      },
    );
  }

  /** `attempt` names this cancellation among the order's, for its Idempotency-Key. */
  cancel(orderId: string, reason: string, attempt: string) {
    return this.api.post<{ id: string; status: string }>(
      `/v1/orders/${orderId}/cancel`,
      { reason },
      { 'idempotency-key': `cancel-${orderId}-${attempt}` },
    );
  }

  order(orderId: string) {
    return this.api.get<OrderView>(`/v1/orders/${orderId}`);
  }
}

/** The warehouse floor and the stock office: warehouse-service. */
export class WarehouseClient {
  constructor(readonly api: ApiClient) {}

  createWarehouse(body: { id: string; name: string; region: string; country: string }) {
    return this.api.post('/v1/warehouses', body);
  }

  createSku(body: {
    sku: string;
    description: string;
    weightGrams: number;
    lengthMm: number;
    widthMm: number;
    heightMm: number;
  }) {
    return this.api.post('/v1/skus', body);
  }

  /** The answer names the back-orders the receipt allocated (priority, then age). */
  receive(body: {
    warehouseId: string;
    lines: { sku: string; quantity: number }[];
    reference: string;
  }) {
    return this.api.post<{ allocatedBackorders?: string[] }>('/v1/inventory/receipts', body, {
      'idempotency-key': body.reference,
    });
  }

  async inventory(sku: string, warehouseId: string): Promise<InventoryRow | undefined> {
    const answer = await this.api.get<InventoryRow[] | { items: InventoryRow[] }>(
      `/v1/inventory?sku=${encodeURIComponent(sku)}&warehouseId=${encodeURIComponent(warehouseId)}`,
    );
    const rows = Array.isArray(answer) ? answer : answer.items;
    return rows.find((r) => r.sku === sku && r.warehouseId === warehouseId);
  }

  pick(orderId: string, lines: { sku: string; quantityPicked: number }[]) {
    return this.api.post(`/v1/orders/${orderId}/pick`, { lines });
  }

  pack(
    orderId: string,
    packages: {
      packageId: string;
      weightGrams: number;
      lengthMm: number;
      widthMm: number;
      heightMm: number;
      lines: { sku: string; quantity: number }[];
    }[],
  ) {
    return this.api.post(`/v1/orders/${orderId}/pack`, { packages });
  }

  load(shipmentId: string) {
    return this.api.post(`/v1/shipments/${shipmentId}/load`);
  }
}

/** Carriers (signed webhooks), lanes and the transport desk: transport-service. */
export class TransportClient {
  constructor(readonly api: ApiClient) {}

  createCarrier(body: { id: string; name: string; modes: string[]; webhookSecret: string }) {
    return this.api.post('/v1/carriers', body);
  }

  lanes() {
    return this.api.get<
      | { originRegion: string; destinationCountry: string; carrierId: string }[]
      | Page<{ originRegion: string; destinationCountry: string; carrierId: string }>
    >('/v1/lanes');
  }

  createLane(body: unknown) {
    return this.api.post('/v1/lanes', body);
  }

  respondToTender(tenderId: string, secret: string, body: unknown) {
    const raw = JSON.stringify(body);
    return this.api.postRaw(
      `/v1/carrier/tenders/${tenderId}/response`,
      raw,
      signedHeaders(secret, raw),
    );
  }

  reportMilestone(trackingNumber: string, secret: string, body: unknown) {
    const raw = JSON.stringify(body);
    return this.api.postRaw(
      `/v1/carrier/shipments/${encodeURIComponent(trackingNumber)}/events`,
      raw,
      signedHeaders(secret, raw),
    );
  }

  assignCarrier(shipmentId: string, carrierId: string) {
    return this.api.post(`/v1/shipments/${shipmentId}/assign-carrier`, { carrierId });
  }
}

/** Finance: billing-service. */
export class BillingClient {
  constructor(readonly api: ApiClient) {}

  async invoicesOfOrder(orderId: string): Promise<InvoiceView[]> {
    const page = await this.api.get<Page<InvoiceView>>(`/v1/invoices?orderId=${orderId}`);
    return page.items;
  }
}

export interface ServiceClients {
  orders: OrderDeskClient;
  warehouse: WarehouseClient;
  transport: TransportClient;
  billing: BillingClient;
  endpoints: SimulatorEndpoints;
}

export function serviceClients(
  endpoints: SimulatorEndpoints,
  extraHeaders: Record<string, string> = {},
): ServiceClients {
  const headers = { 'x-api-key': endpoints.apiKey, ...extraHeaders };
  return {
    orders: new OrderDeskClient(new ApiClient(endpoints.orderUrl, headers)),
    warehouse: new WarehouseClient(new ApiClient(endpoints.warehouseUrl, headers)),
    transport: new TransportClient(new ApiClient(endpoints.transportUrl, headers)),
    billing: new BillingClient(new ApiClient(endpoints.billingUrl, headers)),
    endpoints,
  };
}
