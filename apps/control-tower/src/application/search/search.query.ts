import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface SearchHit {
  kind: 'order' | 'event';
  orderId: string;
  eventId?: string;
  eventType?: string;
  status?: string;
}

/** Finds orders by id (or its beginning) and events by eventId. */
@Injectable()
export class SearchQuery {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async execute(q: string): Promise<SearchHit[]> {
    const term = q.trim();
    if (term.length < 3) return [];
    const events: { order_id: string; event_id: string; event_type: string }[] =
      await this.dataSource.query(
        `SELECT order_id, event_id, event_type FROM ct_event WHERE event_id = $1`,
        [term],
      );
    const orders: { order_id: string; status: string }[] = await this.dataSource.query(
      `SELECT order_id, status FROM ct_order WHERE order_id LIKE $1 || '%' ORDER BY updated_at DESC LIMIT 20`,
      [term.replace(/[%_\\]/g, '')],
    );
    return [
      ...events.map((e) => ({
        kind: 'event' as const,
        orderId: e.order_id,
        eventId: e.event_id,
        eventType: e.event_type,
      })),
      ...orders.map((o) => ({ kind: 'order' as const, orderId: o.order_id, status: o.status })),
    ];
  }
}
