import type { HoldReason } from '../domain/milestone';
import type { OrderSnapshot } from '../domain/order.types';
import type { ProgressStatus } from '../domain/order-status';
import type { OrderChannel, OrderPriority } from '../domain/order.types';
import type {
  OrderEntity,
  OrderHoldEntity,
  OrderLineEntity,
  TimelineEntryEntity,
} from './order.entities';

export interface OrderRows {
  order: OrderEntity;
  lines: OrderLineEntity[];
  holds: OrderHoldEntity[];
  timeline: TimelineEntryEntity[];
}

export function toSnapshot({ order, lines, holds, timeline }: OrderRows): OrderSnapshot {
  return {
    id: order.id,
    customerId: order.customerId,
    channel: order.channel as OrderChannel,
    lines: lines
      .sort((a, b) => a.lineNo - b.lineNo)
      .map(({ lineNo, sku, quantity, unitPriceMinor, currency }) => ({
        lineNo,
        sku,
        quantity,
        unitPriceMinor,
        currency,
      })),
    currency: order.currency,
    totalMinor: order.totalMinor,
    shipTo: order.shipTo,
    requestedDeliveryDate: order.requestedDeliveryDate,
    priority: order.priority as OrderPriority,
    region: order.region,
    createdAt: order.createdAt,
    progress: order.progress as ProgressStatus,
    holds: holds.map((h) => ({
      reason: h.reason as HoldReason,
      detail: h.detail,
      raisedAt: h.raisedAt,
      clearedAt: h.clearedAt,
    })),
    timeline: timeline
      .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())
      .map((t) => ({
        eventId: t.eventId,
        type: t.eventType,
        occurredAt: t.occurredAt,
        producer: t.producer,
        receivedAt: t.receivedAt,
      })),
    cancellation: order.cancelReason
      ? { reason: order.cancelReason, by: order.cancelledBy ?? '', at: order.cancelledAt! }
      : null,
    invoiceId: order.invoiceId,
    version: order.version,
  };
}

export function toOrderEntity(s: OrderSnapshot, status: string, now: Date): OrderEntity {
  return {
    id: s.id,
    customerId: s.customerId,
    channel: s.channel,
    currency: s.currency,
    totalMinor: s.totalMinor,
    shipTo: s.shipTo,
    requestedDeliveryDate: s.requestedDeliveryDate,
    priority: s.priority,
    region: s.region,
    status,
    progress: s.progress,
    cancelReason: s.cancellation?.reason ?? null,
    cancelledBy: s.cancellation?.by ?? null,
    cancelledAt: s.cancellation?.at ?? null,
    invoiceId: s.invoiceId,
    createdAt: s.createdAt,
    updatedAt: now,
    version: s.version + 1,
  };
}
