import { Inject, Injectable } from '@nestjs/common';
import { OutboxWriter } from '@logisync/event-runtime';
import type { EntityManager } from 'typeorm';
import type { ShipmentTransition } from '../domain';
import type { ShipmentEntity } from '../infrastructure/shipment.entities';
import { TypeOrmShipmentRepository } from '../infrastructure/shipment.repository';
import { toOutboxEntries } from './transport-event.factory';

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
    const published = { ...row.published };
    const entries = toOutboxEntries(
      transition.shipment,
      { ...row, published },
      transition.events,
      causationId,
      now,
    );
    row.published = published;
    await this.shipments.save(tx, row, transition.shipment, new Date(now));
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
