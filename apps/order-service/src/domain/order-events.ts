import type { HoldReason } from './milestone';

/** What the order announces; the application turns these into versioned events. */
export type OrderEvent =
  | { type: 'OrderReleased' }
  | { type: 'OrderCancelled'; reason: string; by: string }
  | { type: 'OrderHeld'; reason: HoldReason; detail: string | null }
  | { type: 'OrderHoldReleased'; reason: HoldReason }
  | { type: 'OrderCompleted'; invoiceId: string };
