import type { RateLimit } from './api-clients';

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * Token buckets per client, in this process (each replica limits on its own). A request takes
 * one token; tokens refill at `perSecond` up to `burst`.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  /** 0 when the request may go ahead, otherwise the seconds until a token is back. */
  take(client: string, limit: RateLimit): number {
    const now = this.now();
    const bucket = this.buckets.get(client) ?? { tokens: limit.burst, updatedMs: now };
    bucket.tokens = Math.min(
      limit.burst,
      bucket.tokens + ((now - bucket.updatedMs) / 1000) * limit.perSecond,
    );
    bucket.updatedMs = now;
    this.buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond));
  }
}
