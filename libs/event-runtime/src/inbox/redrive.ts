import { DeadLetterHeader, type HeaderMap } from '@logisync/canonical-events';
import type { EntityManager } from 'typeorm';

/** A message an operator wrote back from the dead letters: it deserves another attempt. */
export function isRedrive(headers: HeaderMap): boolean {
  return Number(headers[DeadLetterHeader.redriveCount] ?? '0') > 0;
}

/**
 * A dead-lettered event is in the inbox with outcome 'dead_lettered', so its re-driven copy
 * would be skipped as a duplicate. Inside the handler's transaction, before the inbox insert,
 * this forgets that row (and only that kind of row): if the handler fails again the transaction
 * rolls the deletion back; an event that was applied stays applied and the copy is a duplicate.
 */
export async function forgetDeadLettered(
  tx: EntityManager,
  consumer: string,
  eventIds: readonly string[],
): Promise<void> {
  if (eventIds.length === 0) return;
  await tx.query(
    `DELETE FROM processed_event
      WHERE consumer = $1 AND event_id = ANY($2::uuid[]) AND outcome = 'dead_lettered'`,
    [consumer, eventIds],
  );
}
