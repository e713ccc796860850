import { ensureCreated, type ServiceClients } from '../clients/service-clients';
import {
  CARRIERS,
  CUSTOMER_COUNT_PER_REGION,
  CUSTOMER_CREDIT_LIMIT,
  lanes,
  OPENING_STOCK,
  REGIONS,
  SCARCE_SKU,
  SKUS,
  WAREHOUSES,
} from './enterprise';

export interface SeededWorld {
  /** Customer ids per region, in a stable order. */
  customers: Map<string, string[]>;
}

/**
 * Creates what is missing of the simulated enterprise through the public APIs: warehouses,
 * SKUs, opening stock, carriers, lanes and customers. Safe to run again on a seeded system.
 */
export async function seedWorld(
  clients: ServiceClients,
  tenderTimeoutSeconds: number,
): Promise<SeededWorld> {
  for (const warehouse of WAREHOUSES)
    await ensureCreated(() => clients.warehouse.createWarehouse(warehouse));
  for (const sku of [...SKUS, SCARCE_SKU]) {
    const { unitPrice: _price, ...body } = sku;
    await ensureCreated(() => clients.warehouse.createSku(body));
  }
  for (const warehouse of WAREHOUSES) {
    const missing: { sku: string; quantity: number }[] = [];
    for (const sku of SKUS) {
      const row = await clients.warehouse.inventory(sku.sku, warehouse.id);
      const available = row?.available ?? 0;
      if (available < OPENING_STOCK / 2)
        missing.push({ sku: sku.sku, quantity: OPENING_STOCK - available });
    }
    if (missing.length > 0) {
      await clients.warehouse.receive({
        warehouseId: warehouse.id,
        lines: missing,
        reference: `opening-stock-${warehouse.id}-${Date.now()}`,
      });
    }
  }
  for (const carrier of CARRIERS)
    await ensureCreated(() => clients.transport.createCarrier(carrier));
  const existingLanes = await clients.transport.lanes();
  const laneRows = Array.isArray(existingLanes) ? existingLanes : existingLanes.items;
  const laneKey = (l: { originRegion: string; destinationCountry: string; carrierId: string }) =>
    `${l.originRegion}|${l.destinationCountry}|${l.carrierId}`;
  const present = new Set(laneRows.map(laneKey));
  for (const lane of lanes(tenderTimeoutSeconds)) {
    if (!present.has(laneKey(lane))) await ensureCreated(() => clients.transport.createLane(lane));
  }
  const listed = await clients.orders.listCustomers();
  const customerRows = Array.isArray(listed) ? listed : listed.items;
  const customers = new Map<string, string[]>();
  for (const region of REGIONS) {
    const ids: string[] = [];
    for (let i = 1; i <= CUSTOMER_COUNT_PER_REGION; i++) {
      const name = `Simulated customer ${region.region} ${i}`;
      const found = customerRows.find((c) => c.name === name);
      const id =
        found?.id ??
        (
          await clients.orders.createCustomer({
            name,
            region: region.region,
            creditLimit: CUSTOMER_CREDIT_LIMIT,
            currency: region.currency,
          })
        ).id;
      ids.push(id);
    }
    customers.set(region.region, ids);
  }
  return { customers };
}
