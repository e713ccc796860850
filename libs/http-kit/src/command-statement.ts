import type { EntityManager } from 'typeorm';

/** Appends a statement parameter and returns its placeholder. */
export function sqlParam(params: unknown[], value: unknown): string {
  params.push(value);
  return `$${params.length}`;
}

/**
 * A command's reads as one statement: each part is a scalar subquery (a JSON document or a
 * value) read by primary key, so the command sees everything it decides on in one round trip.
 */
export class CommandRead {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  add(name: string, part: (params: unknown[]) => string): this {
    this.parts.push(`${part(this.params)} AS "${name}"`);
    return this;
  }

  async run<T extends Record<string, unknown>>(tx: EntityManager): Promise<T> {
    const [row]: T[] = await tx.query(`SELECT ${this.parts.join(',\n  ')}`, this.params);
    return row;
  }
}

/**
 * A command's writes as one statement, so one transaction and one round trip: members of a
 * WITH (guarded UPDATEs, INSERTs gated on them, the outbox rows, the Idempotency-Key) and a
 * final SELECT. Every member runs on the same snapshot; a member sees another's rows only
 * through RETURNING, which is how a guard gates the rest.
 */
export class CommandWrite {
  readonly params: unknown[] = [];
  private readonly members: string[] = [];

  with(...members: (string | null | undefined)[]): this {
    for (const member of members) if (member) this.members.push(member);
    return this;
  }

  /** Runs the statement; `applied` is the final SELECT's single boolean. */
  async run(tx: EntityManager, applied: string): Promise<boolean> {
    const sql = `WITH ${this.members.join(',\n')}\nSELECT ${applied} AS applied`;
    const [row]: { applied: boolean }[] = await tx.query(sql, this.params);
    return row.applied;
  }
}
