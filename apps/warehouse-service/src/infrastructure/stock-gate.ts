import type { EntityManager } from 'typeorm';

// One advisory key for the stock of this database; any constant works, it is ours alone.
const stockGateKey = 7_301_002;

/**
 * Allocations share the gate: they race each other only on the position rows they lock.
 * A back-order retry pass (after a receipt) holds it alone, so no allocation can
 * fail against the old stock and queue a back-order the pass would not see.
 */
export const stockGate = {
  async exclusive(tx: EntityManager): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [stockGateKey]);
  },
  /**
   * A condition that takes the gate shared, for the WHERE of a statement's locking read: it
   * names no column, so PostgreSQL evaluates it once, before the scan (a One-Time Filter), and
   * the gate is taken before any row lock of that read, even when no row matches.
   */
  sharedCondition: `(SELECT pg_advisory_xact_lock_shared(${stockGateKey}))::text = ''`,
};
