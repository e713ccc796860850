import { FloorWork, shouldApply, Package } from './floor-work';
import { assertPositiveQuantity, Quantity } from './quantity';
import { WarehouseError } from './warehouse-errors';

/**
 * Packing must account for exactly what was picked: every picked unit in exactly one package,
 * nothing packed that was not picked, because TMS rates and the carrier loads from these.
 */
export function packOrder(work: FloorWork, packages: readonly Package[]): FloorWork {
  if (!shouldApply(work, 'PACKED')) return work;
  assertPackagesValid(packages);
  const packed = packedBySku(packages);
  const picked = new Map((work.picked ?? []).map((l) => [l.sku, l.quantity]));
  const skus = new Set([...packed.keys(), ...picked.keys()]);
  const mismatches = [...skus]
    .map((sku) => ({ sku, picked: picked.get(sku) ?? 0, packed: packed.get(sku) ?? 0 }))
    .filter((m) => m.picked !== m.packed);
  if (mismatches.length > 0) {
    throw new WarehouseError(
      'WAREHOUSE.PACKING_MISMATCH',
      `packages of order ${work.orderId} do not match what was picked`,
      { orderId: work.orderId, mismatches },
    );
  }
  return { ...work, status: 'PACKED', packages };
}

function assertPackagesValid(packages: readonly Package[]): void {
  const seen = new Set<string>();
  for (const p of packages) {
    if (seen.has(p.packageId)) {
      throw new WarehouseError('WAREHOUSE.DUPLICATE_PACKAGE', `package ${p.packageId} twice`, {
        packageId: p.packageId,
      });
    }
    seen.add(p.packageId);
    for (const [name, value] of Object.entries(measuresOf(p))) {
      if (!Number.isSafeInteger(value) || value <= 0) {
        throw new WarehouseError(
          'WAREHOUSE.INVALID_DIMENSION',
          `${name} of package ${p.packageId} must be a positive integer, got ${value}`,
          { packageId: p.packageId, field: name, value },
        );
      }
    }
    p.lines.forEach((l) => assertPositiveQuantity(l.quantity, `${l.sku} in ${p.packageId}`));
  }
}

function measuresOf(p: Package): Record<string, number> {
  return {
    weightGrams: p.weightGrams,
    lengthMm: p.lengthMm,
    widthMm: p.widthMm,
    heightMm: p.heightMm,
  };
}

function packedBySku(packages: readonly Package[]): Map<string, Quantity> {
  const totals = new Map<string, Quantity>();
  for (const line of packages.flatMap((p) => p.lines)) {
    totals.set(line.sku, (totals.get(line.sku) ?? 0) + line.quantity);
  }
  return totals;
}
