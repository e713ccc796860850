import type { Milestone } from '../../domain/milestone';

/** A milestone of a consumed set, with the order it belongs to and the trace it continues. */
export interface ConsumedMilestone {
  orderId: string;
  milestone: Milestone;
  traceparent?: string;
}
