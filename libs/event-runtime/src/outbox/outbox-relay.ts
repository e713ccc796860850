import { EventHeader } from '@logisync/canonical-events';
import { javaCompatiblePartitioner } from '../kafka/kafka-client';
import type { Kafka, Producer, RecordMetadata } from 'kafkajs';
import { Client } from 'pg';
import type { RuntimeLogger } from '../logging/runtime-logger';
import { silentLogger } from '../logging/runtime-logger';
import type { RuntimeMetrics } from '../metrics/runtime-metrics';
import { Backoff } from '../consumer/backoff';
import { failpoints } from '../failpoints/failpoints';
import {
  deleteSent,
  deleteSentAndClaim,
  outboxStats,
  type KnownPosition,
  type PendingRow,
} from './outbox.queries';

export interface OutboxRelayOptions {
  service: string;
  databaseUrl: string;
  kafka: Kafka;
  batchSize?: number;
  /** Fallback when a notification is missed; LISTEN/NOTIFY wakes the relay at once otherwise. */
  pollIntervalMs?: number;
  /** How often a standby relay tries to take over the lock. */
  lockRetryMs?: number;
  /**
   * How long the rows of the last send may wait to be deleted by the next read (which then
   * costs no round trip of its own) before the relay reads just to delete them.
   */
  deleteLingerMs?: number;
  metrics?: RuntimeMetrics;
  logger?: RuntimeLogger;
  /** A hook between the send and the delete (crash tests). */
  afterSend?: (ids: string[]) => Promise<void> | void;
}

/**
 * Publishes the outbox in id order with an idempotent producer, then deletes the sent rows with
 * its next read (see deleteSentAndClaim): at least once, a crash in between sends them again.
 * A session-level advisory lock makes one relay per service active; when its connection dies
 * the lock goes with it and a standby takes over within lockRetryMs.
 */
export class OutboxRelay {
  private client?: Client;
  private producer?: Producer;
  private running = false;
  private active = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private notified = false;
  private connectionLost = false;
  private lastHousekeeping = 0;
  /** Acknowledged by the broker, not yet deleted; forgotten with the lock (the next holder re-sends them). */
  private sent: string[] = [];
  /** How far the sends reached per partition, recorded with the next delete. */
  private known = new Map<string, KnownPosition>();
  private readonly backoff = new Backoff(200, 10_000);
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly lockRetryMs: number;
  private readonly deleteLingerMs: number;
  private readonly logger: RuntimeLogger;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.lockRetryMs = options.lockRetryMs ?? 2_000;
    this.deleteLingerMs = options.deleteLingerMs ?? 100;
    this.logger = options.logger ?? silentLogger;
  }

  isActive(): boolean {
    return this.active;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after publishing what is pending (bounded by drainTimeoutMs). */
  async stop({ drainTimeoutMs = 10_000 } = {}): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, drainTimeoutMs).unref());
    await Promise.race([this.loop, timeout]);
    // Past the drain timeout, closing the connection and producer unblocks the loop.
    await this.release();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (this.connectionLost) {
          this.connectionLost = false;
          await this.release();
        }
        if (!(await this.holdLock())) {
          await this.sleep(this.lockRetryMs);
          continue;
        }
        await this.publishPending();
        this.backoff.reset();
        await this.housekeeping();
        if (this.running) await this.sleep(this.nextReadInMs());
      } catch (error) {
        const delay = this.backoff.next();
        this.logger.warn({ err: error, retryInMs: delay }, 'outbox relay failed; retrying');
        await this.release();
        await this.sleep(delay);
      }
    }
    if (this.active) await this.drain().catch(() => undefined);
    await this.release();
  }

  private async holdLock(): Promise<boolean> {
    if (this.active) return true;
    const client = await this.connection();
    const { rows } = await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
      `outbox-relay:${this.options.service}`,
    ]);
    if (!rows[0].locked) return false;
    await client.query('LISTEN outbox_message');
    this.producer = this.options.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: javaCompatiblePartitioner,
    });
    await this.producer.connect();
    this.active = true;
    this.options.metrics?.relayActive.set({ service: this.options.service }, 1);
    this.logger.info({}, 'outbox relay active');
    return true;
  }

  private async publishPending(): Promise<void> {
    const client = await this.connection();
    for (;;) {
      this.notified = false;
      const rows = await deleteSentAndClaim(
        client,
        this.sent,
        [...this.known.values()],
        this.batchSize,
      );
      this.sent = [];
      this.known.clear();
      if (rows.length === 0) return;
      await this.send(rows);
      const ids = rows.map((r) => r.id);
      await this.options.afterSend?.(ids);
      failpoints.afterRelaySend(
        this.options.service,
        ids,
        rows.map((r) => `${r.topic}/${r.headers[EventHeader.eventId]}`),
      );
      this.sent = ids;
      for (const row of rows) {
        this.options.metrics?.published.inc({ service: this.options.service, topic: row.topic });
      }
      // A short batch was everything committed when it was read; what committed since then
      // has notified (the loop comes straight back), so no empty read to make sure. The rows
      // just sent are deleted by the next read: the next notification's, or the linger's.
      if (rows.length < this.batchSize && !this.notified) return;
    }
  }

  /** On stop: publish what is pending and leave no sent row behind. */
  private async drain(): Promise<void> {
    await this.publishPending();
    if (this.sent.length === 0) return;
    await deleteSent(await this.connection(), this.sent, [...this.known.values()]);
    this.sent = [];
    this.known.clear();
  }

  private nextReadInMs(): number {
    return this.sent.length > 0
      ? Math.min(this.deleteLingerMs, this.pollIntervalMs)
      : this.pollIntervalMs;
  }

  private async send(rows: PendingRow[]): Promise<void> {
    const byTopic = new Map<
      string,
      { key: string; value: Buffer; headers: Record<string, string> }[]
    >();
    for (const row of rows) {
      const messages = byTopic.get(row.topic) ?? [];
      messages.push({ key: row.key, value: row.payload, headers: row.headers });
      byTopic.set(row.topic, messages);
    }
    const acknowledged = await this.producer!.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
    this.remember(acknowledged);
  }

  /**
   * A partition's batch starts at baseOffset: that message and every one before it came from this
   * database's state (only this service's relay writes its topics). How many of the batch went to
   * each partition the broker does not say, so the bound stays at the batch's first message: a
   * recovery may adopt a batch the database already has, which changes nothing.
   */
  private remember(acknowledged: RecordMetadata[]): void {
    for (const { topicName, partition, baseOffset } of acknowledged) {
      if (baseOffset === undefined) continue;
      const offset = String(BigInt(baseOffset) + 1n);
      const id = `${topicName}|${partition}`;
      const before = this.known.get(id);
      if (!before || BigInt(before.offset) < BigInt(offset)) {
        this.known.set(id, { topic: topicName, partition, offset });
      }
    }
  }

  private async housekeeping(): Promise<void> {
    if (Date.now() - this.lastHousekeeping < this.pollIntervalMs) return;
    this.lastHousekeeping = Date.now();
    const client = await this.connection();
    const stats = await outboxStats(client, this.sent);
    const service = this.options.service;
    this.options.metrics?.outboxBacklog.set({ service }, stats.backlog);
    this.options.metrics?.outboxOldestAgeSeconds.set({ service }, stats.oldestAgeSeconds);
  }

  private async connection(): Promise<Client> {
    if (this.client) return this.client;
    if (!this.running) throw new Error('The relay is stopping');
    const client = new Client({ connectionString: this.options.databaseUrl });
    client.on('notification', () => {
      this.notified = true;
      this.wake?.();
    });
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'outbox relay connection lost');
      // The lock went with the session: stop publishing until it is taken again.
      if (this.client === client) this.connectionLost = true;
      this.active = false;
    });
    await client.connect();
    this.client = client;
    return client;
  }

  private async release(): Promise<void> {
    const client = this.client;
    const producer = this.producer;
    this.client = undefined;
    this.producer = undefined;
    this.sent = [];
    this.known.clear();
    if (this.active) this.options.metrics?.relayActive.set({ service: this.options.service }, 0);
    this.active = false;
    await producer?.disconnect().catch(() => undefined);
    // Closing the session releases the advisory lock.
    await client?.end().catch(() => undefined);
  }

  /** Returns early when a notification arrives or arrived since the last claim. */
  private sleep(ms: number): Promise<void> {
    if (this.notified || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
