import type { HoldReason } from './milestone';
import type { ProgressStatus } from './order-status';

export type OrderChannel = 'WEB' | 'EDI' | 'SALES';
export type OrderPriority = 'STANDARD' | 'EXPRESS';

export interface OrderLine {
  lineNo: number;
  sku: string;
  /** Eaches. */
  quantity: number;
  unitPriceMinor: number;
  currency: string;
}

export interface Address {
  name: string;
  street: string;
  city: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

export interface Hold {
  reason: HoldReason;
  detail: string | null;
  /** Newest times the problem was reported and cleared: a hold is active while raised later. */
  raisedAt: Date;
  clearedAt: Date | null;
}

export interface TimelineEntry {
  eventId: string;
  type: string;
  occurredAt: Date;
  producer: string;
  receivedAt: Date;
}

export interface NewOrder {
  id: string;
  customerId: string;
  channel: OrderChannel;
  lines: Omit<OrderLine, 'lineNo'>[];
  shipTo: Address;
  /** 00:00 UTC of the requested day. */
  requestedDeliveryDate: Date;
  priority: OrderPriority;
  region: string;
  createdAt: Date;
}

export interface OrderSnapshot extends Omit<NewOrder, 'lines'> {
  lines: OrderLine[];
  currency: string;
  totalMinor: number;
  progress: ProgressStatus;
  holds: Hold[];
  timeline: TimelineEntry[];
  cancellation: { reason: string; by: string; at: Date } | null;
  invoiceId: string | null;
  /** Optimistic concurrency: bumped on every save. */
  version: number;
}
