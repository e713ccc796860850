import {
  createEventMeta,
  EventHeader,
  InvalidEventError,
  topicSpec,
} from '@logisync/canonical-events';
import { stackEndpoints, uniqueName, waitFor } from '@logisync/test-kit';
import { createKafka, createPublisher, createSubscriber, ensureTopics, silentLogger } from '../src';

// The README's example for outside systems, run against the real stack on a topic of its own.
describe('the publisher and subscriber for outside systems', () => {
  const suffix = uniqueName('pub');
  const topicName = (name: string) => `${name}.${suffix}`;
  const topic = topicName('carrier.events.v1');
  const admin = createKafka({
    clientId: suffix,
    brokers: stackEndpoints.kafkaBrokers,
    logger: silentLogger,
  }).admin();

  beforeAll(async () => {
    await admin.connect();
    await ensureTopics(admin, [{ ...topicSpec('carrier.events.v1'), name: topic }]);
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('publishes a typed carrier milestone that a subscriber receives decoded', async () => {
    const publisher = await createPublisher({
      brokers: stackEndpoints.kafkaBrokers,
      registryUrl: stackEndpoints.registryUrl,
      clientId: 'carrier-acme',
      topicName,
      logger: silentLogger,
    });
    const event = {
      meta: createEventMeta({
        eventType: 'CarrierMilestoneReported',
        producer: 'carrier-acme',
        correlationId: 'TRK-1',
        tenant: 'acme',
        region: 'eu-west',
      }),
      carrierId: 'acme',
      carrierEventId: 'evt-1',
      trackingNumber: 'TRK-1',
      orderId: null,
      code: 'DELIVERED' as const,
      classifier: 'ACTUAL' as const,
      milestoneAt: new Date('2026-11-26T10:00:00Z'),
      location: {
        name: 'Berlin hub',
        unLocode: 'DEBER',
        facilityCode: null,
        city: 'Berlin',
        postalCode: null,
        country: 'DE',
        geo: null,
      },
      detail: null,
      proofOfDelivery: null,
    };
    const receipt = await publisher.publish('CarrierMilestoneReported', event);
    expect(receipt.topic).toBe(topic);
    await expect(
      publisher.publish('CarrierMilestoneReported', { ...event, trackingNumber: 42 as never }),
    ).rejects.toThrow(InvalidEventError);
    await publisher.disconnect();

    const received: unknown[] = [];
    const subscriber = createSubscriber({
      brokers: stackEndpoints.kafkaBrokers,
      registryUrl: stackEndpoints.registryUrl,
      groupId: suffix,
      topics: [topic],
      logger: silentLogger,
    }).on('CarrierMilestoneReported', ({ event: e, key }) => {
      received.push({ key, event: e });
    });
    await subscriber.run();
    try {
      await waitFor(() => received.length === 1, { description: 'the milestone received' });
      expect(received[0]).toEqual({ key: 'TRK-1', event });
    } finally {
      await subscriber.stop();
    }

    // A subscriber from a time sees what was written since, whatever its group committed.
    const later = await createPublisher({
      brokers: stackEndpoints.kafkaBrokers,
      registryUrl: stackEndpoints.registryUrl,
      clientId: 'carrier-acme',
      topicName,
      logger: silentLogger,
    });
    const since = Date.now();
    const next = { ...event, meta: { ...event.meta, eventId: crypto.randomUUID() } };
    await later.publish('CarrierMilestoneReported', { ...next, carrierEventId: 'evt-2' });
    await later.disconnect();
    const fromTime: string[] = [];
    const probe = createSubscriber({
      brokers: stackEndpoints.kafkaBrokers,
      registryUrl: stackEndpoints.registryUrl,
      groupId: `${suffix}-probe`,
      topics: [topic],
      fromTimestamp: since,
      logger: silentLogger,
    }).on('CarrierMilestoneReported', ({ event: e }) => {
      fromTime.push(e.carrierEventId);
    });
    await probe.run();
    try {
      await waitFor(() => fromTime.length >= 1, { description: 'the later milestone received' });
      await new Promise((resolve) => setTimeout(resolve, 500));
      // At least once, like every subscriber: evt-2 (perhaps twice), never the earlier evt-1.
      expect([...new Set(fromTime)]).toEqual(['evt-2']);
    } finally {
      await probe.stop();
    }
    // It seeks its start each time, so it commits nothing.
    const [committed] = await admin.fetchOffsets({ groupId: `${suffix}-probe`, topics: [topic] });
    expect(committed.partitions.map((p) => p.offset)).toEqual(committed.partitions.map(() => '-1'));
    const [plain] = await admin.fetchOffsets({ groupId: suffix, topics: [topic] });
    expect(plain.partitions.some((p) => p.offset !== '-1')).toBe(true);
  });

  it('reads the event-type header first: a type nobody listens to, or one refused before decoding, is never decoded', async () => {
    const producer = createKafka({
      clientId: `${suffix}-raw`,
      brokers: stackEndpoints.kafkaBrokers,
      logger: silentLogger,
    }).producer();
    await producer.connect();
    // Bodies that cannot be decoded: only a decoding attempt reports them as undecodable. One
    // key keeps the four on one partition, in this order.
    const garbage = Buffer.from('not avro');
    const raw = (type: string, id: string) => ({
      key: 'TRK-9',
      value: garbage,
      headers: { [EventHeader.eventType]: type, [EventHeader.eventId]: id },
    });
    await producer.send({
      topic,
      messages: [
        raw('OrderHeld', 'unwanted-type'),
        raw('CarrierMilestoneReported', 'refused-before-decoding'),
        raw('CarrierMilestoneReported', 'wanted'),
        raw('CarrierMilestoneReported', 'last'),
      ],
    });
    await producer.disconnect();
    const peeked: string[] = [];
    const undecodable: string[] = [];
    const offsets = new Map<string, string>();
    const subscriber = createSubscriber({
      brokers: stackEndpoints.kafkaBrokers,
      registryUrl: stackEndpoints.registryUrl,
      groupId: `${suffix}-headers`,
      topics: [topic],
      logger: silentLogger,
      beforeDecode: (m) => {
        const id = m.headers[EventHeader.eventId];
        if (m.key !== 'TRK-9' || !id) return true;
        peeked.push(id);
        offsets.set(m.offset, id);
        expect(m.timestamp).toBeGreaterThan(0);
        return id !== 'refused-before-decoding';
      },
      onUndecodable: (_error, where) => undecodable.push(offsets.get(where.offset) ?? where.offset),
    }).on('CarrierMilestoneReported', () => undefined);
    await subscriber.run();
    try {
      await waitFor(() => undecodable.includes('last'), { description: 'the last message read' });
      // At least once: a redelivered copy may appear twice, never out of its place.
      expect([...new Set(peeked)]).toEqual([
        'unwanted-type',
        'refused-before-decoding',
        'wanted',
        'last',
      ]);
      expect([...new Set(undecodable)]).toEqual(['wanted', 'last']);
    } finally {
      await subscriber.stop();
    }
  });
});
