import {
  avroTypeOptions,
  ConfluentSchemaRegistryAdapter,
  EventCodec,
  sampleEvent,
  schemaDescriptors,
  topicCatalogue,
  topicFor,
  keyOf,
  type EventType,
  type ServiceName,
} from '@logisync/canonical-events';
import { createPublisher, silentLogger } from '@logisync/event-runtime';
import avro from 'avsc';
import type { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { auditedAction, type AuditedEnv } from '../../audit/audited-action';
import { CliError, ExitCode, usageError } from '../../exit-codes';
import { jsonToAvro } from './json-to-avro';

interface PublishOptions {
  type: string;
  file?: string;
  as?: string;
  fillMeta?: boolean;
  template?: boolean;
  execute?: boolean;
  actor?: string;
}

export function registerPublish(program: Command): void {
  program
    .command('publish')
    .description(
      'Validate a JSON event against its Avro schema field by field and publish it through the registry codec (dry-run without --execute): for outside systems testing their integration',
    )
    .requiredOption('--type <EventType>', 'the event type, e.g. OrderPicked')
    .option('--file <path>', 'the event as JSON (- for stdin)')
    .option(
      '--as <producer>',
      "whose topic to write to (a service or 'external'); inferred when only one topic carries the type",
    )
    .option(
      '--fill-meta',
      'fill missing meta fields: eventId, eventType, schemaVersion, times, producer, correlationId',
    )
    .option('--template', 'print a valid sample event of the type as JSON and exit')
    .option('--execute', 'publish; without this flag it only validates (dry-run)')
    .option('--actor <who>', 'who does this, for the audit trail (default: the OS user)')
    .addHelpText(
      'after',
      `
Examples:
  logisync publish --type CarrierMilestoneReported --template > event.json
  logisync publish --type CarrierMilestoneReported --file event.json --fill-meta
  logisync publish --type CarrierMilestoneReported --file event.json --execute --actor carrier-x`,
    )
    .action(auditedAction<PublishOptions>('publish', (env) => publish(env)));
}

function eventTypeOf(name: string): EventType {
  if (!schemaDescriptors.some((d) => d.eventType === name)) {
    throw usageError(`Unknown event type '${name}'; see logisync topics for the types per topic`);
  }
  return name as EventType;
}

function producerOf(type: EventType, as: string | undefined): ServiceName | 'external' {
  if (as) return as as ServiceName | 'external';
  const producers = topicCatalogue
    .filter((t) => t.kind !== 'dead-letters' && t.eventTypes.includes(type))
    .map((t) => t.producer);
  if (producers.length !== 1) {
    throw usageError(`${type} is written by ${producers.join(', ')}: say which with --as`);
  }
  return producers[0];
}

function readEvent(file: string | undefined): unknown {
  if (!file) throw usageError('--file is needed (or --template)');
  const text = readFileSync(file === '-' ? 0 : file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not JSON: ${(error as Error).message}`, ExitCode.invalid);
  }
}

function fillMeta(
  event: Record<string, unknown>,
  type: EventType,
  producer: string,
  key: string | null,
) {
  const d = [...schemaDescriptors]
    .filter((s) => s.eventType === type)
    .sort((a, b) => b.version - a.version)[0];
  const now = new Date().toISOString();
  const meta = (event.meta ?? {}) as Record<string, unknown>;
  event.meta = {
    eventId: randomUUID(),
    eventType: type,
    schemaVersion: d.version,
    occurredAt: now,
    recordedAt: now,
    producer,
    correlationId: key,
    causationId: null,
    retractsEventId: null,
    ...meta,
  };
}

async function publish(env: AuditedEnv<PublishOptions>) {
  const { out, options, ctx, audit } = env;
  const type = eventTypeOf(options.type);
  if (options.template) {
    audit.skip();
    out.result(sampleEvent(type));
    if (!out.json) out.note(JSON.stringify(sampleEvent(type), null, 2));
    return ExitCode.ok;
  }
  const producer = producerOf(type, options.as);
  const spec = topicFor(producer, type);
  const raw = readEvent(options.file) as Record<string, unknown>;
  if (options.fillMeta && raw && typeof raw === 'object') {
    fillMeta(raw, type, producer, spec.key ? ((raw[spec.key] as string) ?? null) : null);
  }
  const descriptor = [...schemaDescriptors]
    .filter((s) => s.eventType === type)
    .sort((a, b) => b.version - a.version)[0];
  const avroType = avro.Type.forSchema(descriptor.schema as avro.Schema, { ...avroTypeOptions });
  const { value, problems } = jsonToAvro(avroType, raw);
  const metaType = (raw?.meta as { eventType?: unknown } | undefined)?.eventType;
  if (problems.length === 0 && metaType !== type) {
    problems.push({
      path: 'meta.eventType',
      problem: `must be '${type}', is '${String(metaType)}'`,
    });
  }
  const topic = ctx.topic(spec.name);
  audit.details({ type, topic, schema: `${descriptor.fullName} v${descriptor.version}` });
  if (problems.length > 0) {
    audit.skip();
    out.result({
      valid: false,
      type,
      schema: descriptor.fullName,
      version: descriptor.version,
      problems,
    });
    out.warn(`${type} does not match ${descriptor.fullName} v${descriptor.version}:`);
    out.table(
      undefined,
      problems.map((p) => ({ field: p.path, problem: p.problem })),
    );
    return ExitCode.invalid;
  }
  const key = keyOf(spec, value as object);
  const codec = new EventCodec(new ConfluentSchemaRegistryAdapter({ url: ctx.registryUrl }));
  const schemaId = await codec.schemaIdOf(type);
  if (!options.execute) {
    audit.skip();
    out.result({ valid: true, dryRun: true, type, topic, key, schemaId });
    out.note(
      `Valid ${type} (${descriptor.fullName} v${descriptor.version}, schema id ${schemaId}).`,
    );
    out.note(`Dry run: would publish to ${topic} with key ${key}. Add --execute.`);
    return ExitCode.ok;
  }
  const publisher = await createPublisher({
    ...ctx.kafkaSecurity,
    brokers: ctx.brokers,
    registryUrl: ctx.registryUrl,
    as: producer,
    clientId: `logisync-cli`,
    topicName: (name) => ctx.topic(name),
    logger: silentLogger,
  });
  try {
    const receipt = await publisher.publish(type, value as never);
    audit.offsets([], [receipt]);
    out.result({ valid: true, dryRun: false, type, key, ...receipt });
    out.note(
      `Published ${type} to ${receipt.topic} partition ${receipt.partition} offset ${receipt.offset} (key ${key}).`,
    );
    return ExitCode.ok;
  } finally {
    await publisher.disconnect();
  }
}
