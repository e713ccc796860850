import { allocateOrder } from './allocate-order';
import { BackorderQueue, enqueueBackorder } from './backorder-queue';
import { emptyInventoryBook, InventoryBook, receiveLines } from './inventory-book';
import { FloorWork, recordTenderAccepted, startFloorWork } from './floor-work';
import { cancelOrderAndRelease, loadOrderAndIssueGoods } from './order-inventory';
import { packOrder } from './pack-order';
import { pickOrder } from './pick-order';
import { retryBackorders } from './retry-backorders';
import { order, pack, tender, warehouses } from './warehouse.fixtures';

/** Random warehouse days for the conservation property; test support, not exported from index.ts. */

/** mulberry32: tiny, seeded and good enough to drive operation sequences reproducibly. */
export function prng(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

export const skus = ['SKU-A', 'SKU-B', 'SKU-C'];

export interface World {
  book: InventoryBook;
  queue: BackorderQueue;
  live: FloorWork[];
  received: Map<string, number>;
  nextOrder: number;
  retried: number;
  cancelled: number;
}

export type Random = (below: number) => number;

function receive(world: World, random: Random): void {
  const warehouseId = warehouses[random(warehouses.length)]!.id;
  const line = { sku: skus[random(skus.length)]!, quantity: 1 + random(8) };
  world.book = receiveLines(world.book, warehouseId, [line]);
  const key = `${warehouseId}/${line.sku}`;
  world.received.set(key, (world.received.get(key) ?? 0) + line.quantity);
  const retried = retryBackorders(world.book, warehouses, world.queue);
  world.book = retried.book;
  world.queue = retried.queue;
  world.live.push(...retried.allocations.map(startFloorWork));
  world.retried += retried.allocations.length;
}

function release(world: World, random: Random): void {
  const lines = skus.slice(random(3)).map((sku) => ({ sku, quantity: 1 + random(5) }));
  const placed = order(`O-${(world.nextOrder += 1)}`, lines, {
    region: random(2) === 0 ? 'EU' : 'US',
    priority: random(2) === 0 ? 'EXPRESS' : 'STANDARD',
  });
  const { book, outcome } = allocateOrder(world.book, warehouses, placed);
  world.book = book;
  if (outcome.kind === 'ALLOCATED') world.live.push(startFloorWork(outcome.allocation));
  else world.queue = enqueueBackorder(world.queue, placed, world.nextOrder);
}

/** Moves one order a step forward; `repeats` replays the command to prove idempotency. */
function advance(world: World, index: number, random: Random, repeats: number): void {
  let work = world.live[index]!;
  for (let i = 0; i < repeats; i += 1) {
    if (work.status === 'ALLOCATED') {
      const picks = work.allocation.lines.map((l) => ({
        sku: l.sku,
        quantityPicked: random(l.quantity + 1),
      }));
      work = pickOrder(work, picks).work;
    } else if (work.status === 'PICKED') {
      const lines = (work.picked ?? []).filter((l) => l.quantity > 0);
      work = packOrder(
        work,
        lines.map((l, n) => ({ ...pack(`P-${n}`, [l]) })),
      );
    } else if (work.tender === null) {
      work = recordTenderAccepted(work, { ...tender, shipmentId: `S-${work.orderId}` });
    } else {
      ({ work, book: world.book } = loadOrderAndIssueGoods(world.book, work, `S-${work.orderId}`));
    }
  }
  world.live[index] = work;
}

function cancel(world: World, index: number, repeats: number): void {
  let work = world.live[index]!;
  for (let i = 0; i < repeats; i += 1) {
    const change = cancelOrderAndRelease(world.book, work, 'customer');
    ({ work, book: world.book } = change);
    if (change.changed) world.cancelled += 1;
  }
  world.live[index] = work;
}

export function step(world: World, random: Random): void {
  const choice = random(5);
  const index = random(Math.max(1, world.live.length));
  const repeats = 1 + random(2);
  if (choice === 0) receive(world, random);
  else if (choice === 1) release(world, random);
  else if (world.live.length === 0) return;
  else if (choice === 2) cancel(world, index, repeats);
  else advance(world, index, random, repeats);
  world.live = world.live.filter((w) => w.status !== 'LOADED' && w.status !== 'CANCELLED');
}

export function emptyWorld(): World {
  return {
    book: emptyInventoryBook,
    queue: [],
    live: [],
    received: new Map(),
    nextOrder: 0,
    retried: 0,
    cancelled: 0,
  };
}
