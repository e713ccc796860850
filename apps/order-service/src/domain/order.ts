import { BusinessRuleError, InvalidStateError } from './order.errors';
import { effectOf, holdSupersededAt, type HoldReason, type Milestone } from './milestone';
import { isAtLeast, later, type OrderStatus, type ProgressStatus } from './order-status';
import type { OrderEvent } from './order-events';
import type { Hold, NewOrder, OrderLine, OrderSnapshot } from './order.types';

/**
 * The order and its status machine. The state is a join of the milestones received (the
 * furthest progress, the newest raise and clear of every hold), so it does not depend on the
 * order in which milestones arrive: a late or replayed older one never moves it back.
 */
export class Order {
  private constructor(private state: OrderSnapshot) {}

  static create(input: NewOrder): Order {
    const currencies = new Set(input.lines.map((l) => l.currency));
    if (currencies.size !== 1) {
      throw new BusinessRuleError('ORDER.MIXED_CURRENCIES', 'all lines must share one currency', {
        currencies: [...currencies],
      });
    }
    const lines: OrderLine[] = input.lines.map((l, i) => ({ ...l, lineNo: i + 1 }));
    const totalMinor = lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
    return new Order({
      ...input,
      lines,
      currency: lines[0].currency,
      totalMinor,
      progress: 'DRAFT',
      holds: [],
      timeline: [],
      cancellation: null,
      invoiceId: null,
      version: 0,
    });
  }

  static restore(snapshot: OrderSnapshot): Order {
    return new Order(snapshot);
  }

  snapshot(): OrderSnapshot {
    // A copy by hand: structuredClone would hand out Dates of another realm under Jest.
    const s = this.state;
    return {
      ...s,
      lines: s.lines.map((l) => ({ ...l })),
      shipTo: { ...s.shipTo },
      holds: s.holds.map((h) => ({ ...h })),
      timeline: s.timeline.map((t) => ({ ...t })),
      cancellation: s.cancellation && { ...s.cancellation },
    };
  }

  get id(): string {
    return this.state.id;
  }

  get progress(): ProgressStatus {
    return this.state.progress;
  }

  get status(): OrderStatus {
    if (this.state.cancellation) return 'CANCELLED';
    if (this.activeHolds().length > 0) return 'ON_HOLD';
    return this.state.progress;
  }

  activeHolds(): Hold[] {
    return this.state.holds.filter((h) => this.isActive(h));
  }

  /** Open value for the credit check: released, not yet invoiced, not cancelled. */
  get isOpen(): boolean {
    return (
      !this.state.cancellation &&
      isAtLeast(this.progress, 'RELEASED') &&
      !isAtLeast(this.progress, 'INVOICED')
    );
  }

  release(): OrderEvent[] {
    if (this.status !== 'DRAFT') {
      throw new InvalidStateError(
        'ORDER.INVALID_STATE',
        `only a DRAFT order can be approved; this one is ${this.status}`,
        this.status,
      );
    }
    this.state.progress = 'RELEASED';
    return [{ type: 'OrderReleased' }];
  }

  cancel(reason: string, by: string, at: Date): OrderEvent[] {
    const refusal = this.cancelRefusal();
    if (refusal) {
      throw new InvalidStateError('ORDER.CANCEL_NOT_ALLOWED', refusal, this.status);
    }
    const wasDraft = this.progress === 'DRAFT';
    this.state.cancellation = { reason, by, at };
    // Nobody outside knows a draft, so there is nothing to compensate.
    return wasDraft ? [] : [{ type: 'OrderCancelled', reason, by }];
  }

  private cancelRefusal(): string | null {
    if (this.state.cancellation) {
      return `the order was already cancelled: ${this.state.cancellation.reason}`;
    }
    if (isAtLeast(this.progress, 'SHIPPED')) {
      return `the shipment was already loaded (status ${this.status}); it can no longer be cancelled`;
    }
    return null;
  }

  /** Records the milestone once and applies it; returns what the order announces in reply. */
  apply(milestone: Milestone, receivedAt: Date): OrderEvent[] {
    if (this.state.timeline.some((t) => t.eventId === milestone.eventId)) return [];
    const { eventId, type, occurredAt, producer } = milestone;
    this.state.timeline.push({ eventId, type, occurredAt, producer, receivedAt });
    const before = this.snapshotOfStatus();
    this.applyEffect(milestone);
    if (milestone.invoiceId && milestone.type === 'InvoiceIssued') {
      this.state.invoiceId = milestone.invoiceId;
    }
    return this.announcements(before);
  }

  private applyEffect(milestone: Milestone): void {
    const effect = effectOf(milestone);
    if (effect.kind === 'advance') this.state.progress = later(this.progress, effect.to);
    if (effect.kind === 'hold') this.hold(effect.reason, milestone);
    if (effect.kind === 'clearHold') this.clearHold(effect.reason, milestone.occurredAt);
  }

  private hold(reason: HoldReason, milestone: Milestone): void {
    const existing = this.state.holds.find((h) => h.reason === reason);
    if (!existing) {
      this.state.holds.push({
        reason,
        detail: milestone.detail ?? null,
        raisedAt: milestone.occurredAt,
        clearedAt: null,
      });
    } else if (milestone.occurredAt > existing.raisedAt) {
      existing.raisedAt = milestone.occurredAt;
      existing.detail = milestone.detail ?? existing.detail;
    }
  }

  private clearHold(reason: HoldReason, at: Date): void {
    const existing = this.state.holds.find((h) => h.reason === reason);
    if (!existing) {
      // A clear that overtook its raise: remember it so the late raise stays inactive.
      this.state.holds.push({ reason, detail: null, raisedAt: new Date(0), clearedAt: at });
    } else if (!existing.clearedAt || at > existing.clearedAt) {
      existing.clearedAt = at;
    }
  }

  private isActive(hold: Hold): boolean {
    if (hold.raisedAt.getTime() === 0) return false;
    if (hold.clearedAt && hold.clearedAt >= hold.raisedAt) return false;
    return !isAtLeast(this.progress, holdSupersededAt[hold.reason]) && !this.state.cancellation;
  }

  private snapshotOfStatus() {
    return { progress: this.progress, holds: new Set(this.activeHolds().map((h) => h.reason)) };
  }

  private announcements(before: { progress: ProgressStatus; holds: Set<HoldReason> }) {
    const events: OrderEvent[] = [];
    const after = this.activeHolds();
    for (const hold of after) {
      if (!before.holds.has(hold.reason)) {
        events.push({ type: 'OrderHeld', reason: hold.reason, detail: hold.detail });
      }
    }
    const stillActive = new Set(after.map((h) => h.reason));
    for (const reason of before.holds) {
      if (!stillActive.has(reason)) events.push({ type: 'OrderHoldReleased', reason });
    }
    if (
      before.progress !== 'COMPLETED' &&
      this.progress === 'COMPLETED' &&
      !this.state.cancellation
    ) {
      events.push({ type: 'OrderCompleted', invoiceId: this.state.invoiceId ?? '' });
    }
    return events;
  }
}
