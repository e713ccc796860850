import type { EntityManager } from 'typeorm';
import { openTenderOf, type Shipment, type ShipmentTransition } from '../../domain';
import { tenderedShipment } from '../../domain/transport.fixtures';
import type { ShipmentEntity } from '../../infrastructure/shipment.entities';
import type { TypeOrmShipmentRepository } from '../../infrastructure/shipment.repository';
import type { UnitOfWork } from '../../infrastructure/unit-of-work';
import type { Clock } from '../clock';
import type { ShipmentChanges } from '../shipment-changes';
import { TenderTimeoutSweeper } from './tender-timeout.sweeper';

/** The sweeper over in-memory rows; the real locking is in the integration test. */
function sweeperAt(clock: Clock, shipments: Shipment[]) {
  const rows = shipments.map((state) => ({ id: state.shipmentId, state }) as ShipmentEntity);
  const repository = {
    async lockDueForExpiry(_tx: EntityManager, now: Date) {
      return rows.filter((r) => (openTenderOf(r.state)?.expiresAt ?? Infinity) <= now.getTime());
    },
  } as unknown as TypeOrmShipmentRepository;
  const saved: ShipmentTransition[] = [];
  const changes = {
    async save(_tx: EntityManager, row: ShipmentEntity, t: ShipmentTransition) {
      row.state = t.shipment;
      saved.push(t);
    },
  } as unknown as ShipmentChanges;
  const uow = { run: (work: (tx: EntityManager) => unknown) => work({} as EntityManager) };
  const sweeper = new TenderTimeoutSweeper(uow as UnitOfWork, repository, changes, clock, 0);
  return { sweeper, saved, rows };
}

describe('the tender timeout sweeper, on a controlled clock', () => {
  it('leaves a tender alone until its timeout, then rejects it as EXPIRED and re-tenders once', async () => {
    const shipment = tenderedShipment();
    const expiresAt = openTenderOf(shipment)!.expiresAt;
    let now = expiresAt - 1;
    const { sweeper, saved, rows } = sweeperAt({ now: () => now }, [shipment]);

    expect(await sweeper.sweep()).toBe(0);
    now = expiresAt;
    expect(await sweeper.sweep()).toBe(1);
    expect(saved[0].events.map((e) => e.type)).toEqual(['TenderRejected', 'CarrierTendered']);
    expect(saved[0].events[0]).toMatchObject({ reason: 'EXPIRED', carrierId: 'bravo' });
    expect(openTenderOf(rows[0].state)).toMatchObject({ carrierId: 'alpha', attempt: 2 });
    // The next tender has its own timeout, counted from the sweep.
    expect(await sweeper.sweep()).toBe(0);
  });

  it('does not run on a timer when the interval is 0 (tests drive it)', () => {
    const { sweeper } = sweeperAt({ now: () => 0 }, []);
    sweeper.onApplicationBootstrap();
    expect((sweeper as unknown as { timer?: unknown }).timer).toBeUndefined();
  });
});
