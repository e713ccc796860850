import { EventHeader, topicSpec } from '@logisync/canonical-events';
import { uniqueName } from '@logisync/test-kit';
import type { Message } from 'kafkajs';
import { ensureTopics } from '../../src';
import type { RuntimeFixture } from './runtime-fixture';

/**
 * A source topic and a dead-letter topic of one test's own, so that its consumer's first fetch
 * holds exactly what the test published; `created` collects them for deletion.
 */
export async function sourceAndDeadLetterTopics(
  fixture: RuntimeFixture,
  prefix: string,
  created: string[],
): Promise<{ source: string; dlq: string }> {
  const source = uniqueName(`${prefix}-source`);
  const dlq = uniqueName(`${prefix}-dlq`);
  created.push(source, dlq);
  await ensureTopics(fixture.admin, [
    { ...topicSpec('order.milestones.v1'), name: source },
    { ...topicSpec('billing-service.dlq.v1'), name: dlq },
  ]);
  return { source, dlq };
}

export async function countDeadLetters(fixture: RuntimeFixture, dlq: string): Promise<number> {
  const offsets = await fixture.admin.fetchTopicOffsets(dlq);
  return offsets.reduce((n, o) => n + Number(o.high), 0);
}

export const eventIdOf = (m: Message) => String(m.headers![EventHeader.eventId]);
