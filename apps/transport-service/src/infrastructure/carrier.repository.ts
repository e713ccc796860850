import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Lane } from '../domain';
import { notFound } from '../application/transport-app.errors';
import { CarrierEntity, LaneEntity } from './carrier.entities';

@Injectable()
export class TypeOrmCarrierRepository {
  find(tx: EntityManager, id: string) {
    return tx.findOne(CarrierEntity, { where: { id } });
  }

  async get(tx: EntityManager, id: string): Promise<CarrierEntity> {
    const carrier = await this.find(tx, id);
    if (!carrier) throw notFound('CARRIER', id);
    return carrier;
  }

  /**
   * A part of a command's read: every carrier tendered the shipment `shipmentWhereSql` selects
   * (one of them signs the call), as a JSON array of CarrierEntity.
   */
  tenderedSql(shipmentWhereSql: string): string {
    return `(SELECT coalesce(json_agg(json_build_object('id', c.id, 'name', c.name,
        'modes', c.modes, 'webhookSecret', c.webhook_secret, 'createdAt', c.created_at)), '[]')
      FROM carrier c
      WHERE c.id IN (SELECT t->>'carrierId'
        FROM shipment s, jsonb_array_elements(s.state->'tenders') t WHERE s.${shipmentWhereSql}))`;
  }

  list(tx: EntityManager) {
    return tx.find(CarrierEntity, { order: { createdAt: 'ASC' }, take: 500 });
  }

  /** The lanes of a route, as the domain's selection reads them. */
  async lanesFor(tx: EntityManager, originRegion: string, destinationCountry: string) {
    const rows = await tx.find(LaneEntity, {
      where: { originRegion, destinationCountry: destinationCountry.toUpperCase() },
    });
    return rows.map(toLane);
  }

  /**
   * The lanes of each route, as lanesFor finds them, in one statement: lanes[i] are those of
   * routes[i], in the order the lanes were created (equal offers then rank the same way on
   * every replay).
   */
  async lanesForRoutes(
    tx: EntityManager,
    routes: readonly { originRegion: string; destinationCountry: string }[],
  ): Promise<Lane[][]> {
    const lanes: Lane[][] = routes.map(() => []);
    if (routes.length === 0) return lanes;
    const rows: (LaneEntity & { route: string })[] = await tx.query(
      `SELECT r.n AS route, l.origin_region AS "originRegion",
         l.destination_country AS "destinationCountry", l.carrier_id AS "carrierId", l.priority,
         l.rate_per_kg_minor AS "ratePerKgMinor", l.currency, l.transit_days AS "transitDays",
         l.tender_timeout_seconds AS "tenderTimeoutSeconds"
       FROM unnest($1::text[], $2::bpchar[]) WITH ORDINALITY AS r(origin_region, country, n)
       JOIN lane l ON l.origin_region = r.origin_region AND l.destination_country = r.country
       ORDER BY l.created_at, l.id`,
      [routes.map((r) => r.originRegion), routes.map((r) => r.destinationCountry.toUpperCase())],
    );
    for (const row of rows) {
      lanes[Number(row.route) - 1].push(
        toLane({ ...row, ratePerKgMinor: Number(row.ratePerKgMinor) }),
      );
    }
    return lanes;
  }

  listLanes(tx: EntityManager, filter: { originRegion?: string; destinationCountry?: string }) {
    return tx.find(LaneEntity, {
      where: {
        ...(filter.originRegion ? { originRegion: filter.originRegion } : {}),
        ...(filter.destinationCountry ? { destinationCountry: filter.destinationCountry } : {}),
      },
      order: { createdAt: 'ASC' },
      take: 500,
    });
  }
}

export function toLane(row: LaneEntity): Lane {
  const { originRegion, destinationCountry, carrierId, priority, ratePerKgMinor, currency } = row;
  return {
    originRegion,
    destinationCountry,
    carrierId,
    priority,
    ratePerKgMinor,
    currency,
    transitDays: row.transitDays,
    tenderTimeoutSeconds: row.tenderTimeoutSeconds,
  };
}
