/**
 * Reactions waiting for the next event of an order, whatever its type: an actor that must see
 * another service catch up, where that service announces nothing, looks again when something
 * next happens to the order instead of on a timer.
 */
export class OrderSignals {
  private readonly waiting = new Map<string, (() => void)[]>();

  onNext(orderId: string, reaction: () => void): void {
    const reactions = this.waiting.get(orderId);
    if (reactions) reactions.push(reaction);
    else this.waiting.set(orderId, [reaction]);
  }

  /** Runs, once, every reaction that waited for this order. */
  notify(orderId: string): void {
    const reactions = this.waiting.get(orderId);
    if (!reactions) return;
    this.waiting.delete(orderId);
    for (const reaction of reactions) reaction();
  }

  get waitingOrders(): number {
    return this.waiting.size;
  }
}
