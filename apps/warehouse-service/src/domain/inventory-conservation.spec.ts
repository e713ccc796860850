import { positionOf } from './inventory-book';
import { violatedInvariants } from './inventory-position';
import { warehouses } from './warehouse.fixtures';
import { emptyWorld, prng, skus, step, World } from './warehouse-simulation.fixtures';

/**
 * Property: whatever happens in whatever order (receipts with back-order retries, releases,
 * picks with short picks, packs, tenders, loads, cancels, each sometimes delivered twice),
 * every position keeps on-hand + shipped = received, allocated <= on-hand, nothing negative,
 * and allocated equals what the orders still on the floor hold (released units came back).
 */
function conservationProblems(world: World): string[] {
  const problems: string[] = [];
  for (const { id } of warehouses) {
    for (const sku of skus) {
      const position = positionOf(world.book, id, sku);
      const held = world.live
        .map((w) => w.allocation)
        .filter((a) => a.warehouseId === id)
        .flatMap((a) => a.lines)
        .filter((l) => l.sku === sku)
        .reduce((sum, l) => sum + l.quantity, 0);
      problems.push(...violatedInvariants(position).map((v) => `${id}/${sku}: ${v}`));
      if (position.received !== (world.received.get(`${id}/${sku}`) ?? 0)) {
        problems.push(`${id}/${sku}: received differs from the receipts`);
      }
      if (position.allocated !== held)
        problems.push(`${id}/${sku}: allocated differs from live allocations`);
    }
  }
  return problems;
}

function shippedUnits(world: World): number {
  return [...world.book.values()].reduce((sum, p) => sum + p.shipped, 0);
}

describe('inventory conservation under random operation sequences', () => {
  const totals = { shipped: 0, retried: 0, backordered: 0, cancelled: 0 };

  afterAll(() => {
    // The sequences must reach every path, or the property above proves little.
    expect(totals.shipped).toBeGreaterThan(0);
    expect(totals.retried).toBeGreaterThan(0);
    expect(totals.backordered).toBeGreaterThan(0);
    expect(totals.cancelled).toBeGreaterThan(0);
  });

  it.each(Array.from({ length: 40 }, (_, i) => 1000 + i))('seed %i', (seed) => {
    const random = prng(seed);
    const world = emptyWorld();
    const problems: string[] = [];
    for (let i = 0; i < 200 && problems.length === 0; i += 1) {
      step(world, random);
      problems.push(...conservationProblems(world).map((p) => `step ${i}: ${p}`));
    }
    expect(problems).toEqual([]);
    totals.shipped += shippedUnits(world);
    totals.retried += world.retried;
    totals.backordered += world.queue.length;
    totals.cancelled += world.cancelled;
  });
});
