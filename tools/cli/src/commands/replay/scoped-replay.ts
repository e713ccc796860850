import { EventHeader, readHeaders } from '@logisync/canonical-events';
import type { AuditedEnv } from '../../audit/audited-action';
import { parseService } from '../../context';
import { CliError, ExitCode } from '../../exit-codes';
import { readPositions } from '../../kafka/group-positions';
import { readTopic, type ReadMessage } from '../../kafka/topic-reader';
import { adminHeaders, notAllowed } from '../../services/consumer-admin.client';
import type { ReplayOptions } from './replay.command';
import { replayTopics } from './replay.command';

interface RedeliveryAnswer {
  delivered: number;
  done: number;
  failure: { errorClass: string; message: string } | null;
}

/**
 * Re-delivers one order's events (its key) that the group has already passed, to the running
 * service's /admin/consumer/redeliver: the same inbox path, the group's offsets untouched.
 */
export async function replayOrder(env: AuditedEnv<ReplayOptions>) {
  const { ctx, out, kafka, options, audit } = env;
  const service = parseService(options.service);
  const orderId = options.order!;
  const topics = replayTopics(env, service);
  const admin = await kafka.admin();
  const committed = await readPositions(admin, ctx.groupOf(service), topics);
  const events: ReadMessage[] = [];
  for (const topic of topics) {
    const until = new Map(
      committed.filter((p) => p.topic === topic).map((p) => [p.partition, p.committed ?? 0]),
    );
    const read = await readTopic(kafka, topic, until);
    events.push(...read.filter((m) => m.key?.toString('utf8') === orderId));
  }
  audit.details({ service, orderId, topics, events: events.length });
  out.table(
    `Events of order ${orderId} that ${ctx.groupOf(service)} has already read`,
    events.map((m) => ({
      topic: m.topic,
      partition: m.partition,
      offset: Number(m.offset),
      at: new Date(Number(m.timestamp)).toISOString(),
      type: readHeaders(m.headers)[EventHeader.eventType] ?? null,
      eventId: readHeaders(m.headers)[EventHeader.eventId] ?? null,
    })),
  );
  if (!options.execute) {
    audit.skip();
    out.result({ dryRun: true, service, orderId, events: events.length });
    out.note(
      `\nDry run: ${events.length} events would be re-delivered to ${service}. Add --execute.`,
    );
    return ExitCode.ok;
  }
  if (events.length === 0)
    throw new CliError(`no event keyed ${orderId} on ${topics.join(', ')}`, ExitCode.invalid);
  const answer = await post(ctx.serviceUrl(service), events, ctx.apiKey);
  audit.details({ delivered: answer.done, failure: answer.failure });
  out.result({ dryRun: false, service, orderId, ...answer });
  if (answer.failure) {
    out.warn(
      `${service} stopped after ${answer.done} of ${events.length}: ${answer.failure.message}`,
    );
    return ExitCode.failed;
  }
  out.note(
    `Re-delivered ${answer.done} events of order ${orderId} to ${service}; offsets unchanged.`,
  );
  return ExitCode.ok;
}

async function post(
  baseUrl: string,
  events: ReadMessage[],
  apiKey: string | undefined,
): Promise<RedeliveryAnswer> {
  const body = {
    messages: events.map((m) => ({
      topic: m.topic,
      partition: m.partition,
      offset: m.offset,
      key: m.key?.toString('utf8') ?? null,
      value: m.value?.toString('base64') ?? '',
      headers: readHeaders(m.headers),
    })),
  };
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/admin/consumer/redeliver`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...adminHeaders(apiKey) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (cause) {
    throw new CliError(
      `a scoped replay needs the service running: ${baseUrl} does not answer (${(cause as Error).message})`,
      ExitCode.unavailable,
    );
  }
  const text = await response.text();
  if (response.status === 401 || response.status === 403)
    throw notAllowed(`${baseUrl}/admin/consumer/redeliver`, response.status);
  if (!response.ok)
    throw new CliError(`${baseUrl}/admin/consumer/redeliver answered ${response.status}: ${text}`);
  return JSON.parse(text) as RedeliveryAnswer;
}
