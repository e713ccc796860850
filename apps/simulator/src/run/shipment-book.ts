/**
 * Where each order's shipment is, from CarrierTendered. A reaction that needs the shipment
 * before the feed has shown it waits for that event instead of looking again on a timer.
 */
export class ShipmentBook {
  private readonly known = new Map<string, string>();
  private readonly waiting = new Map<string, ((shipmentId: string) => void)[]>();

  record(orderId: string, shipmentId: string): void {
    this.known.set(orderId, shipmentId);
    const reactions = this.waiting.get(orderId);
    if (!reactions) return;
    this.waiting.delete(orderId);
    for (const reaction of reactions) reaction(shipmentId);
  }

  get(orderId: string): string | undefined {
    return this.known.get(orderId);
  }

  /** Runs the reaction now if the shipment is known, else once it is. */
  whenKnown(orderId: string, reaction: (shipmentId: string) => void): void {
    const shipmentId = this.known.get(orderId);
    if (shipmentId !== undefined) return reaction(shipmentId);
    this.waiting.set(orderId, [...(this.waiting.get(orderId) ?? []), reaction]);
  }
}
