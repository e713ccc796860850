import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_URLS } from '../tokens';

export interface ServiceHealth {
  service: string;
  url: string;
  ready: boolean;
  consumerLag: number | null;
  outboxBacklog: number | null;
  outboxOldestAgeSeconds: number | null;
  deadLetters: number | null;
  parked: number | null;
  error?: string;
}

const SUMS: Record<string, keyof ServiceHealth> = {
  logisync_consumer_lag: 'consumerLag',
  logisync_outbox_backlog: 'outboxBacklog',
  logisync_dead_letters_total: 'deadLetters',
  logisync_parked_events: 'parked',
};

/** Consumer lag, outbox age, dead letters and readiness per service, from its /metrics and /health. */
@Injectable()
export class ServiceHealthQuery {
  private cache?: { at: number; value: ServiceHealth[] };

  constructor(@Inject(SERVICE_URLS) private readonly serviceUrls: Record<string, string>) {}

  async execute(): Promise<ServiceHealth[]> {
    if (this.cache && Date.now() - this.cache.at < 2_000) return this.cache.value;
    const value = await Promise.all(
      Object.entries(this.serviceUrls).map(([service, url]) => this.probe(service, url)),
    );
    this.cache = { at: Date.now(), value };
    return value;
  }

  private async probe(service: string, url: string): Promise<ServiceHealth> {
    const health: ServiceHealth = {
      service,
      url,
      ready: false,
      consumerLag: null,
      outboxBacklog: null,
      outboxOldestAgeSeconds: null,
      deadLetters: null,
      parked: null,
    };
    try {
      const ready = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(1_500) });
      health.ready = ready.ok;
      const text = await (
        await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(1_500) })
      ).text();
      for (const line of text.split('\n')) {
        const m = /^([a-z_]+)(?:\{[^}]*\})? ([0-9.eE+-]+)$/.exec(line);
        if (!m) continue;
        const value = Number(m[2]);
        const field = SUMS[m[1]];
        if (field)
          (health as unknown as Record<string, number>)[field] =
            ((health[field] as number | null) ?? 0) + value;
        if (m[1] === 'logisync_outbox_oldest_unpublished_age_seconds') {
          health.outboxOldestAgeSeconds = Math.max(health.outboxOldestAgeSeconds ?? 0, value);
        }
      }
    } catch (error) {
      health.error = error instanceof Error ? error.message : String(error);
    }
    return health;
  }
}
