import type { EventTypeMap } from '@logisync/canonical-events';
import { ApiError } from '../clients/api-client';
import { CARRIERS } from '../world/enterprise';
import type { SimulationContext } from '../run/simulation-context';
import { retryWhile, sleep } from '../run/work-queue';

/** The transport desk: when every carrier rejected a shipment, an operator assigns one by hand. */
export class OperationsDesk {
  constructor(private readonly ctx: SimulationContext) {}

  onException(e: EventTypeMap['ExceptionRaised']): void {
    if (!this.ctx.plans.has(e.orderId) || e.type !== 'TENDER_ALL_REJECTED') return;
    this.ctx.work.push(`assign carrier for ${e.orderId}`, async () => {
      await sleep(this.ctx.options.actorDelayMs);
      const shipmentId = await retryWhile(
        async () => {
          const id = this.ctx.shipments.get(e.orderId);
          if (!id) throw new Error(`no shipment seen for order ${e.orderId}`);
          return id;
        },
        () => true,
        { attempts: 40, delayMs: 250 },
      );
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
