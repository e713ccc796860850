/** The progress an order makes along the flow, in order; the rank never goes down. */
export const progressStatuses = [
  'DRAFT',
  'RELEASED',
  'ALLOCATED',
  'PICKED',
  'PACKED',
  'SHIPPED',
  'IN_TRANSIT',
  'DELIVERED',
  'INVOICED',
  'COMPLETED',
] as const;

export type ProgressStatus = (typeof progressStatuses)[number];

/** What the outside world sees: the progress, or ON_HOLD / CANCELLED beside it. */
export type OrderStatus = ProgressStatus | 'ON_HOLD' | 'CANCELLED';

export const orderStatuses: readonly OrderStatus[] = [...progressStatuses, 'ON_HOLD', 'CANCELLED'];

export function rankOf(status: ProgressStatus): number {
  return progressStatuses.indexOf(status);
}

export function isAtLeast(status: ProgressStatus, other: ProgressStatus): boolean {
  return rankOf(status) >= rankOf(other);
}

export function later(a: ProgressStatus, b: ProgressStatus): ProgressStatus {
  return isAtLeast(a, b) ? a : b;
}
