import type { EventTypeMap } from '@logisync/canonical-events';
import { ApiError } from '../clients/api-client';
import { CARRIERS } from '../world/enterprise';
import type { SimulationContext } from '../run/simulation-context';
import { sleep } from '../run/work-queue';

/** The transport desk: when every carrier rejected a shipment, an operator assigns one by hand. */
export class OperationsDesk {
  constructor(private readonly ctx: SimulationContext) {}

  onException(e: EventTypeMap['ExceptionRaised']): void {
    if (!this.ctx.plans.has(e.orderId) || e.type !== 'TENDER_ALL_REJECTED') return;
    // The rejected tenders came before the exception on the same partition, so the shipment is
    // normally known already; if not, the desk acts when its CarrierTendered is read.
    this.ctx.shipments.whenKnown(e.orderId, (shipmentId) => this.assign(e.orderId, shipmentId));
  }

  private assign(orderId: string, shipmentId: string): void {
    this.ctx.work.push(`assign carrier for ${orderId}`, async () => {
      await sleep(this.ctx.options.actorDelayMs);
      try {
        await this.ctx.clients.transport.assignCarrier(shipmentId, CARRIERS[0].id);
        this.ctx.ledger.count('carriers assigned by an operator');
      } catch (error) {
        if (error instanceof ApiError && error.status === 409)
          return this.ctx.ledger.count('assignments refused');
        throw error;
      }
    });
  }
}
