import { Inject, Injectable } from '@nestjs/common';
import { OutboxWriter, type OutboxEntry } from '@logisync/event-runtime';
import type { EntityManager } from 'typeorm';
import type { ShipmentTransition } from '../domain';
import type { ShipmentEntity } from '../infrastructure/shipment.entities';
import { changeState, TypeOrmShipmentRepository } from '../infrastructure/shipment.repository';
import { toOutboxEntries } from './transport-event.factory';

/**
 * A change in memory: the row takes the transition's state (and the ids of the events published
 * for its carrier reports); returns the events to write with it.
 */
export function applyTransition(
  row: ShipmentEntity,
  transition: ShipmentTransition,
  causationId: string | null,
  now: number,
): OutboxEntry[] {
  const published = { ...row.published };
  const entries = toOutboxEntries(
    transition.shipment,
    { ...row, published },
    transition.events,
    causationId,
    now,
  );
  row.published = published;
  changeState(row, transition.shipment, new Date(now));
  return entries;
}

/** The one way a changed shipment is written: its new state and its events, in one transaction. */
@Injectable()
export class ShipmentChanges {
  constructor(
    @Inject(TypeOrmShipmentRepository) private readonly shipments: TypeOrmShipmentRepository,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
  ) {}

  async save(
    tx: EntityManager,
    row: ShipmentEntity,
    transition: ShipmentTransition,
    causationId: string | null,
    now: number,
  ): Promise<void> {
    const entries = applyTransition(row, transition, causationId, now);
    await this.shipments.update(tx, row);
    await this.outbox.addAll(tx, entries);
  }

  /**
   * The same change as WITH members of a command's one write: the shipment while it is at the
   * version read (`shipment_written`), and its events when it was written.
   */
  async saveSql(
    params: unknown[],
    row: ShipmentEntity,
    transition: ShipmentTransition,
    now: number,
  ): Promise<(string | null)[]> {
    const published = { ...row.published };
    const entries = toOutboxEntries(
      transition.shipment,
      { ...row, published },
      transition.events,
      null,
      now,
    );
    row.published = published;
    return [
      this.shipments.guardedSaveSql(params, row, transition.shipment, new Date(now)),
      await this.outbox.insertSql(params, entries, 'shipment_written'),
    ];
  }
}
