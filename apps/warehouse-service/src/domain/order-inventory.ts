import { cancelFloorWork, FloorWork } from './floor-work';
import { InventoryBook } from './inventory-book';
import { loadOrder } from './load-order';
import { issueGoodsOnLoad, releaseAllocation } from './release-allocation';

export interface OrderInventoryChange {
  readonly work: FloorWork;
  readonly book: InventoryBook;
  /** False for a duplicate or late command: neither the work nor the book changed. */
  readonly changed: boolean;
}

/**
 * The floor state guards the stock movement: a position's `allocated` sums every order's
 * units, so a second release for the same order would silently free units held for others.
 * Moving the stock only when the work actually changed makes redelivery harmless.
 */
export function cancelOrderAndRelease(
  book: InventoryBook,
  work: FloorWork,
  reason: string,
): OrderInventoryChange {
  const next = cancelFloorWork(work, reason);
  if (next === work) return { work, book, changed: false };
  return { work: next, book: releaseAllocation(book, work.allocation), changed: true };
}

/** Loading is the goods issue: picked units leave on-hand, unpicked ones are released. */
export function loadOrderAndIssueGoods(
  book: InventoryBook,
  work: FloorWork,
  shipmentId: string,
): OrderInventoryChange {
  const next = loadOrder(work, shipmentId);
  if (next === work) return { work, book, changed: false };
  return {
    work: next,
    book: issueGoodsOnLoad(book, work.allocation, work.picked ?? []),
    changed: true,
  };
}
