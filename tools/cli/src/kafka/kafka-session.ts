import { createKafka, silentLogger, type KafkaSecurity } from '@logisync/event-runtime';
import type { Admin, Kafka } from 'kafkajs';
import { CliError, ExitCode } from '../exit-codes';

/** One kafkajs client and admin connection for the life of a command. */
export class KafkaSession {
  readonly kafka: Kafka;
  private adminClient?: Admin;

  constructor(brokers: string[], security: KafkaSecurity = {}) {
    this.kafka = createKafka({
      ...security,
      clientId: 'logisync-cli',
      brokers,
      logger: silentLogger,
      connectionTimeoutMs: 5_000,
    });
  }

  async admin(): Promise<Admin> {
    if (!this.adminClient) {
      const admin = this.kafka.admin({ retry: { retries: 2 } });
      try {
        await admin.connect();
      } catch (cause) {
        throw new CliError(
          `Kafka is not reachable: ${(cause as Error).message}`,
          ExitCode.unavailable,
          { cause },
        );
      }
      this.adminClient = admin;
    }
    return this.adminClient;
  }

  async close(): Promise<void> {
    await this.adminClient?.disconnect().catch(() => undefined);
  }
}
