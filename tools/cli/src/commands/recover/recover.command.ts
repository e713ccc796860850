import { topicCatalogue } from '@logisync/canonical-events';
import { comparePositions, type PositionGap } from '@logisync/event-runtime';
import type { Command } from 'commander';
import { action } from '../../command-runner';
import { parseService } from '../../context';
import { usageError } from '../../exit-codes';
import { withClient } from '../../db/pg';

interface RecoverOptions {
  service: string;
  databaseUrl?: string;
}

/**
 * The dry run of a service's own-topic recovery: what its next start would adopt. The recovery
 * itself runs in the service, at every start, before it publishes or consumes (it needs the
 * service's own adopt handler): after a restore, restart the service.
 */
export function registerRecover(program: Command): void {
  program
    .command('recover')
    .description(
      "Dry run of a service's own-topic recovery: per partition of its own topics, the position its database recorded, the topic's end and how many events its next start would adopt (restart the service to adopt them)",
    )
    .requiredOption('-s, --service <name>', 'the service')
    .option(
      '--database-url <url>',
      "the service's database (default: its own, <SERVICE>_DATABASE_URL)",
    )
    .action(
      action<RecoverOptions>(async ({ ctx, out, kafka, options }) => {
        const service = parseService(options.service);
        const databaseUrl = options.databaseUrl ?? ctx.serviceDatabaseUrl(service);
        if (!databaseUrl) throw usageError(`${service} has no database`);
        const topics = topicCatalogue
          .filter((t) => t.producer === service && t.kind === 'milestones')
          .map((t) => ctx.topic(t.name));
        const recorded = await withClient(databaseUrl, async (client) => {
          const { rows } = await client.query<{
            topic: string;
            partition: number;
            known_offset: string;
          }>(
            'SELECT topic, partition, known_offset::text FROM published_position WHERE topic = ANY($1)',
            [topics],
          );
          return rows.map((r) => ({
            topic: r.topic,
            partition: r.partition,
            knownOffset: r.known_offset,
          }));
        });
        const admin = await kafka.admin();
        const ends = [];
        for (const topic of topics) {
          for (const o of await admin.fetchTopicOffsets(topic)) {
            ends.push({ topic, partition: o.partition, low: o.low, high: o.high });
          }
        }
        ends.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
        const partitions = comparePositions(recorded, ends);
        const pending = (p: PositionGap) => Number(BigInt(p.to) - BigInt(p.from));
        const newDatabase = recorded.length === 0;
        const toAdopt = newDatabase ? 0 : partitions.reduce((n, p) => n + pending(p), 0);
        out.result({ service, newDatabase, toAdopt, partitions });
        out.table(
          undefined,
          partitions.map((p) => ({
            topic: p.topic,
            partition: p.partition,
            recorded: recorded.some((r) => r.topic === p.topic && r.partition === p.partition)
              ? p.known
              : 'none',
            end: p.to,
            'past the record': pending(p),
          })),
        );
        out.note(
          newDatabase
            ? `${service}: its database has recorded no position: on its next start it takes the topics' ends as its own and adopts nothing (a lost disk: set the service's recovery to adopt into an empty database).`
            : toAdopt === 0
              ? `${service}: its database knows everything on its topics; nothing to adopt.`
              : `${service}: its next start adopts ${toAdopt} events published from a later state of its database (after a restore: restart it, then replay its inputs).`,
        );
      }),
    );
}
