import {
  schemaDescriptors,
  EventCodec,
  ConfluentSchemaRegistryAdapter,
  EventHeader,
} from '@logisync/canonical-events';
import { createKafka, EventTransportFactory, silentLogger } from '@logisync/event-runtime';
import { NestFactory } from '@nestjs/core';
import { Registry } from 'prom-client';
import { AppModule } from '../src/app.module';
import { defaultTaxRates } from '../src/config';
import { stackEndpoints, waitFor } from '@logisync/test-kit';
import { randomUUID } from 'node:crypto';
import { startBillingService, type BillingServiceFixture } from './support/billing-service.fixture';
import {
  delivered,
  eventBus,
  freight,
  milestone,
  orderLines,
  orderReleased,
} from './support/events';
import { httpClient } from './support/http';

let service: BillingServiceFixture;
let api: ReturnType<typeof httpClient>;
let bus: Awaited<ReturnType<typeof eventBus>>;

const subtotal = orderLines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
const euWestRate = 1_900;
/** Half away from zero on a positive base: Math.round. */
const taxOf = (base: number) => Math.round((base * euWestRate) / 10_000);

beforeAll(async () => {
  service = await startBillingService('billing-flow');
  api = httpClient(service.baseUrl, { 'x-api-key': service.apiKey });
  bus = await eventBus(service);
});

afterAll(async () => {
  await bus?.close();
  await service?.close();
});

async function invoicesOf(orderId: string) {
  const page = await api.get(`/v1/invoices?orderId=${orderId}`);
  return page.body.items as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function issuedInvoiceOf(orderId: string) {
  return waitFor(
    async () => {
      const items = await invoicesOf(orderId);
      return items.length === 1 && items[0].status === 'ISSUED' ? items[0] : undefined;
    },
    { description: `the invoice of ${orderId} issued`, timeoutMs: 60_000 },
  );
}

async function statusOf(orderId: string, status: string) {
  return waitFor(
    async () => {
      const items = await invoicesOf(orderId);
      return items.length === 1 && items[0].status === status ? items[0] : undefined;
    },
    { description: `the invoice of ${orderId} ${status}`, timeoutMs: 60_000 },
  );
}

describe('billing on the real stack', () => {
  it('issues one invoice on delivery: lines plus freight plus tax, and InvoiceIssued', async () => {
    const orderId = randomUUID();
    await bus.publish('order-service', 'OrderReleased', orderReleased(orderId));
    const waiting = await statusOf(orderId, 'AWAITING_DELIVERY');
    expect(waiting.invoiceNumber).toBeNull();
    await bus.publish('transport-service', 'ShipmentDelivered', delivered(orderId));
    await bus.publish('transport-service', 'FreightCostConfirmed', freight(orderId, 1_234));

    const invoice = await issuedInvoiceOf(orderId);
    const tax = taxOf(subtotal + 1_234);
    expect(invoice).toMatchObject({
      orderId,
      currency: 'EUR',
      subtotalMinor: subtotal,
      freightMinor: 1_234,
      taxRateBasisPoints: euWestRate,
      taxMinor: tax,
      totalMinor: subtotal + 1_234 + tax,
    });
    expect(invoice.invoiceNumber).toMatch(
      new RegExp(`^INV-${new Date().getUTCFullYear()}-\\d{6}$`),
    );
    const full = await api.get(`/v1/invoices/${invoice.id}`);
    expect(full.body.lines).toEqual(
      orderLines.map(({ currency: _c, ...l }) => ({
        ...l,
        amountMinor: l.quantity * l.unitPriceMinor,
      })),
    );

    await waitFor(() => bus.eventsOf(orderId, 'InvoiceIssued').length === 1, {
      description: 'InvoiceIssued on the billing topic',
    });
    const [issued] = bus.eventsOf(orderId, 'InvoiceIssued');
    expect(issued.key).toBe(orderId);
    expect(issued.event).toMatchObject({
      invoiceId: invoice.id,
      invoiceNumber: invoice.invoiceNumber,
      subtotalMinor: subtotal,
      freightMinor: 1_234,
      taxMinor: tax,
      totalMinor: invoice.totalMinor,
    });
  });

  it('never invoices before delivery, nor on a forecast (ESTIMATED) delivery', async () => {
    const orderId = randomUUID();
    await bus.publish('order-service', 'OrderReleased', orderReleased(orderId));
    await bus.publish('transport-service', 'FreightCostConfirmed', freight(orderId));
    await bus.publish(
      'transport-service',
      'ShipmentDelivered',
      milestone('ShipmentDelivered', orderId, 20, 'transport-service', { classifier: 'ESTIMATED' }),
    );
    // A marker event after them on the same partition: once applied, the others were too.
    const marker = milestone('CustomsCleared', orderId, 21, 'transport-service', {
      classifier: 'ACTUAL',
    });
    await bus.publish('transport-service', 'CustomsCleared', marker);
    await waitFor(
      async () => {
        const rows = await service.dataSource.query(
          `SELECT 1 FROM processed_event WHERE event_id = $1`,
          [marker.meta.eventId],
        );
        return rows.length === 1;
      },
      { description: 'the marker applied' },
    );
    const [invoice] = await invoicesOf(orderId);
    expect(invoice.status).toBe('AWAITING_DELIVERY');
    expect(invoice.invoiceNumber).toBeNull();
    expect(bus.eventsOf(orderId, 'InvoiceIssued')).toHaveLength(0);
  });

  it('gives one invoice for duplicated, re-encoded and replayed ShipmentDelivered', async () => {
    const orderId = randomUUID();
    const delivery = delivered(orderId);
    await bus.publish('order-service', 'OrderReleased', orderReleased(orderId));
    await bus.publish('transport-service', 'FreightCostConfirmed', freight(orderId));
    await bus.publish('transport-service', 'ShipmentDelivered', delivery);
    await bus.publish('transport-service', 'ShipmentDelivered', delivery);

    // The same event re-encoded with the v1 writer schema: other bytes, the same eventId.
    const v1Codec = new EventCodec(
      new ConfluentSchemaRegistryAdapter({ url: stackEndpoints.registryUrl }),
      {
        descriptors: schemaDescriptors.filter(
          (d) => !(d.eventType === 'ShipmentDelivered' && d.version > 1),
        ),
      },
    );
    const { proofOfDelivery: _pod, ...v1Event } = delivery;
    const encoded = await v1Codec.encode('ShipmentDelivered', v1Event as never);
    const kafka = createKafka({
      clientId: 'replayer',
      brokers: stackEndpoints.kafkaBrokers,
      logger: silentLogger,
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: service.topic('transport.milestones.v1'),
      messages: [
        {
          key: orderId,
          value: encoded.value,
          headers: {
            [EventHeader.eventId]: delivery.meta.eventId,
            [EventHeader.eventType]: 'ShipmentDelivered',
            [EventHeader.correlationId]: orderId,
            [EventHeader.schemaId]: String(encoded.schemaId),
          },
        },
      ],
    });
    await producer.disconnect();
    // The carrier reports the same delivery again: a new eventId, the same order.
    const repeat = delivered(orderId, 31);
    await bus.publish('transport-service', 'ShipmentDelivered', repeat);

    const invoice = await issuedInvoiceOf(orderId);
    // The repeat is the last on the order's partition: once applied, every copy before it was.
    await waitFor(
      async () =>
        (
          await service.dataSource.query('SELECT 1 FROM processed_event WHERE event_id = $1', [
            repeat.meta.eventId,
          ])
        ).length === 1,
      { description: 'the repeated delivery applied' },
    );
    await waitFor(() => bus.eventsOf(orderId, 'InvoiceIssued').length >= 1, {
      description: 'InvoiceIssued',
    });
    const invoices: { n: number }[] = await service.dataSource.query(
      'SELECT count(*)::int AS n FROM invoice WHERE order_id = $1 AND invoice_number IS NOT NULL',
      [orderId],
    );
    expect(invoices[0].n).toBe(1);
    expect(bus.eventsOf(orderId, 'InvoiceIssued').map((m) => m.event.invoiceId)).toEqual([
      invoice.id,
    ]);
  });

  it('parks a delivery seen before the order data and invoices it when OrderReleased arrives', async () => {
    const orderId = randomUUID();
    const delivery = delivered(orderId);
    await bus.publish('transport-service', 'ShipmentDelivered', delivery);
    await bus.publish('transport-service', 'FreightCostConfirmed', freight(orderId, 999));
    await waitFor(
      async () => {
        const rows = await service.dataSource.query(
          `SELECT awaiting_event_type, awaiting_key FROM parked_event WHERE event_id = $1`,
          [delivery.meta.eventId],
        );
        return rows.length === 1 ? rows[0] : undefined;
      },
      { description: 'the delivery parked' },
    ).then((row) =>
      expect(row).toEqual({ awaiting_event_type: 'OrderReleased', awaiting_key: orderId }),
    );
    expect(await invoicesOf(orderId)).toEqual([]);

    await bus.publish('order-service', 'OrderReleased', orderReleased(orderId));
    const invoice = await issuedInvoiceOf(orderId);
    expect(invoice.freightMinor).toBe(999);
    expect(invoice.totalMinor).toBe(subtotal + 999 + taxOf(subtotal + 999));
    const parked = await service.dataSource.query(
      'SELECT 1 FROM parked_event WHERE event_id = $1',
      [delivery.meta.eventId],
    );
    expect(parked).toHaveLength(0);
  });

  it('holds on a customs hold and issues after clearance, with InvoiceHeld and InvoiceReleased', async () => {
    const orderId = randomUUID();
    const t = 'transport-service';
    await bus.publish('order-service', 'OrderReleased', orderReleased(orderId));
    await bus.publish(
      t,
      'CustomsHoldRaised',
      milestone('CustomsHoldRaised', orderId, 10, t, {
        classifier: 'ACTUAL',
        shipmentId: `shp-${orderId}`,
        milestoneAt: new Date(Date.UTC(2026, 10, 20, 8, 10)),
        holdReason: 'missing commercial invoice',
      }),
    );
    await bus.publish(t, 'ShipmentDelivered', delivered(orderId));
    await bus.publish(t, 'FreightCostConfirmed', freight(orderId));
    const held = await statusOf(orderId, 'HELD');
    expect(held.openHolds).toEqual(['CUSTOMS_HOLD']);
    await waitFor(() => bus.eventsOf(orderId, 'InvoiceHeld').length === 1, {
      description: 'InvoiceHeld',
    });
    expect(bus.eventsOf(orderId, 'InvoiceHeld')[0].event).toMatchObject({
      reason: 'UNKNOWN',
      detail: 'CUSTOMS_HOLD: missing commercial invoice',
      invoiceId: held.id,
    });

    await bus.publish(
      t,
      'CustomsCleared',
      milestone('CustomsCleared', orderId, 20, t, {
        classifier: 'ACTUAL',
        shipmentId: `shp-${orderId}`,
        milestoneAt: new Date(Date.UTC(2026, 10, 20, 8, 20)),
      }),
    );
    const invoice = await issuedInvoiceOf(orderId);
    await waitFor(() => bus.eventsOf(orderId, 'InvoiceIssued').length === 1, {
      description: 'InvoiceIssued',
    });
    expect(bus.eventsOf(orderId, 'InvoiceReleased')[0].event).toMatchObject({
      reason: 'UNKNOWN',
      invoiceId: invoice.id,
    });
    const full = await api.get(`/v1/invoices/${invoice.id}`);
    expect(full.body.holds).toMatchObject([
      { reason: 'CUSTOMS_HOLD', detail: 'missing commercial invoice' },
    ]);
    expect(full.body.holds[0].releasedAt).not.toBeNull();
  });

  it('holds on a failed delivery until a later successful delivery', async () => {
    const t = 'transport-service';
    const other = randomUUID();
    await bus.publish('order-service', 'OrderReleased', orderReleased(other));
    await bus.publish(t, 'FreightCostConfirmed', freight(other));
    await bus.publish(
      t,
      'DeliveryFailed',
      milestone('DeliveryFailed', other, 15, t, {
        classifier: 'ACTUAL',
        shipmentId: `shp-${other}`,
        milestoneAt: new Date(Date.UTC(2026, 10, 20, 8, 15)),
        reason: 'RECIPIENT_ABSENT',
        detail: 'nobody home',
      } as never),
    );
    // An earlier actual delivery does not resolve the later failure.
    await bus.publish(t, 'ShipmentDelivered', delivered(other, 10));
    await statusOf(other, 'HELD');
    await waitFor(() => bus.eventsOf(other, 'InvoiceHeld').length === 1, {
      description: 'InvoiceHeld',
    });
    expect(bus.eventsOf(other, 'InvoiceHeld')[0].event).toMatchObject({ reason: 'NOT_DELIVERED' });
    expect(String(bus.eventsOf(other, 'InvoiceHeld')[0].event.detail)).toMatch(
      /^DELIVERY_FAILED: /,
    );

    await bus.publish(t, 'ShipmentDelivered', delivered(other, 40));
    await issuedInvoiceOf(other);
    await waitFor(() => bus.eventsOf(other, 'InvoiceReleased').length === 1, {
      description: 'InvoiceReleased',
    });
  });

  it('holds and releases by hand through the API', async () => {
    const orderId = randomUUID();
    const t = 'transport-service';
    await bus.publish('order-service', 'OrderReleased', orderReleased(orderId));
    const pending = await statusOf(orderId, 'AWAITING_DELIVERY');

    const hold = await api.post(`/v1/invoices/${pending.id}/hold`, { reason: 'price dispute' });
    expect(hold.status).toBe(200);
    expect(hold.body).toMatchObject({ status: 'HELD', openHolds: ['MANUAL'] });
    expect(hold.body.holds).toMatchObject([
      { reason: 'MANUAL', detail: 'price dispute', placedBy: 'api' },
    ]);

    await bus.publish(t, 'ShipmentDelivered', delivered(orderId));
    await bus.publish(t, 'FreightCostConfirmed', freight(orderId));
    await waitFor(() => bus.eventsOf(orderId, 'InvoiceHeld').length === 1, {
      description: 'InvoiceHeld',
    });
    expect(bus.eventsOf(orderId, 'InvoiceHeld')[0].event).toMatchObject({
      reason: 'MANUAL',
      detail: 'MANUAL: price dispute',
    });
    expect((await api.get(`/v1/invoices/${pending.id}`)).body.status).toBe('HELD');

    const release = await api.post(`/v1/invoices/${pending.id}/release`, { reason: 'agreed' });
    expect(release.status).toBe(200);
    expect(release.body.status).toBe('ISSUED');
    expect(release.body.invoiceNumber).toMatch(/^INV-\d{4}-\d{6}$/);
    await waitFor(() => bus.eventsOf(orderId, 'InvoiceIssued').length === 1, {
      description: 'InvoiceIssued',
    });
    expect(bus.eventsOf(orderId, 'InvoiceReleased')[0].event).toMatchObject({
      reason: 'MANUAL',
      releasedBy: 'api',
    });

    const again = await api.post(`/v1/invoices/${pending.id}/release`, { reason: 'twice' });
    expect(again.status).toBe(409);
    expect(again.contentType).toContain('application/problem+json');
    expect(again.body).toMatchObject({ code: 'BILLING.NOT_HELD', currentStatus: 'ISSUED' });
    const late = await api.post(`/v1/invoices/${pending.id}/hold`, { reason: 'too late' });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({
      code: 'BILLING.INVOICE_ALREADY_ISSUED',
      currentStatus: 'ISSUED',
    });
  });

  it('reconciliation finds a planted mismatch, raises ExceptionRaised and stores the report', async () => {
    const orderId = randomUUID();
    await bus.publish('order-service', 'OrderReleased', orderReleased(orderId));
    await bus.publish('transport-service', 'ShipmentDelivered', delivered(orderId));
    await bus.publish('transport-service', 'FreightCostConfirmed', freight(orderId));
    const invoice = await issuedInvoiceOf(orderId);
    await service.dataSource.query(
      'UPDATE invoice SET total_minor = total_minor + 1 WHERE id = $1',
      [invoice.id],
    );

    const run = await api.post(
      '/v1/reconciliation/runs',
      {},
      { 'Idempotency-Key': `run-${orderId}` },
    );
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject({ trigger: 'MANUAL', status: 'COMPLETED' });
    const mismatches = run.body.report.totalMismatches.filter(
      (m: { orderId: string }) => m.orderId === orderId,
    );
    expect(mismatches).toMatchObject([
      {
        problem: 'INCONSISTENT_TOTALS',
        invoiceNumber: invoice.invoiceNumber,
        invoicedTotal: { amountMinor: invoice.totalMinor + 1 },
      },
    ]);
    expect(run.body.mismatchCount).toBeGreaterThanOrEqual(1);

    const again = await api.post(
      '/v1/reconciliation/runs',
      {},
      { 'Idempotency-Key': `run-${orderId}` },
    );
    expect(again.body.id).toBe(run.body.id);

    await waitFor(() => bus.eventsOf(orderId, 'ExceptionRaised').length === 1, {
      description: 'ExceptionRaised for the mismatch',
    });
    const [raised] = bus.eventsOf(orderId, 'ExceptionRaised');
    expect(raised.event).toMatchObject({
      type: 'OTHER',
      sourceService: 'billing-service',
      owner: 'billing-ops',
    });
    expect(String(raised.event.details)).toMatch(/^RECONCILIATION_MISMATCH: /);
    expect(
      JSON.parse(String(raised.event.details).replace(/^RECONCILIATION_MISMATCH: /, '')),
    ).toMatchObject({
      kind: 'INCONSISTENT_TOTALS',
      runId: run.body.id,
      orderId,
      invoicedTotalMinor: invoice.totalMinor + 1,
    });

    const runs = await api.get('/v1/reconciliation/runs');
    expect(runs.body.items[0]).toMatchObject({
      id: run.body.id,
      mismatchCount: run.body.mismatchCount,
    });
  });

  it('dead-letters a delivery whose region has no tax rate, never invoicing at 0 %', async () => {
    const orderId = randomUUID();
    await bus.publish('order-service', 'OrderReleased', {
      ...orderReleased(orderId),
      region: 'mars',
    });
    await bus.publish('transport-service', 'ShipmentDelivered', delivered(orderId));
    const cost = freight(orderId);
    await bus.publish('transport-service', 'FreightCostConfirmed', cost);
    await waitFor(
      async () => {
        const rows: { outcome: string }[] = await service.dataSource.query(
          'SELECT outcome FROM processed_event WHERE event_id = $1',
          [cost.meta.eventId],
        );
        return rows[0]?.outcome === 'dead_lettered';
      },
      { description: 'the freight event dead-lettered', timeoutMs: 60_000 },
    );
    const [invoice] = await invoicesOf(orderId);
    expect(invoice).toMatchObject({ status: 'AWAITING_FREIGHT', invoiceNumber: null });
  });

  it('replaying both topics from offset 0 in a second instance changes nothing', async () => {
    const snapshot = () =>
      service.dataSource.query(
        `SELECT order_id, status, invoice_number, total_minor, holds FROM invoice ORDER BY order_id`,
      );
    // What billing published, as the end offsets of its topic: the relay deletes outbox rows
    // once sent, so the topic, not the outbox, shows whether the replay emitted anything.
    const publishedEnds = async () => {
      const kafkaAdmin = createKafka({
        clientId: 'replay-published',
        brokers: stackEndpoints.kafkaBrokers,
        logger: silentLogger,
      }).admin();
      await kafkaAdmin.connect();
      try {
        const ends = await kafkaAdmin.fetchTopicOffsets(service.topic('billing.milestones.v1'));
        return ends.map((e) => `${e.partition}:${e.high}`).sort();
      } finally {
        await kafkaAdmin.disconnect();
      }
    };
    const before = await snapshot();
    await waitFor(
      async () =>
        (await service.dataSource.query('SELECT count(*)::int AS n FROM outbox_message'))[0].n ===
        0,
      { description: "the earlier tests' events sent" },
    );
    const publishedBefore = await publishedEnds();
    expect(before.filter((r: { status: string }) => r.status === 'ISSUED').length).toBeGreaterThan(
      3,
    );

    const groupId = service.topic('billing-service-replay');
    const topics = ['order.milestones.v1', 'transport.milestones.v1'].map(service.topic);
    const metrics = new Registry();
    const replayer = await NestFactory.create(
      AppModule.register(
        {
          service: 'billing-service',
          port: 0,
          databaseUrl: service.databaseUrl,
          kafkaBrokers: stackEndpoints.kafkaBrokers,
          registryUrl: stackEndpoints.registryUrl,
          billing: {
            reconciliationCron: '0 2 * * *',
            taxRates: defaultTaxRates,
            invoiceSeries: 'INV',
          },
        },
        {
          consumer: { topics, groupId, deadLetterTopic: service.topic('billing-service.dlq.v1') },
          topicName: service.topic,
          metricsRegistry: metrics,
          logger: silentLogger,
        },
      ),
      { logger: false },
    );
    replayer.connectMicroservice({ strategy: replayer.get(EventTransportFactory).create() });
    await replayer.init();
    await replayer.startAllMicroservices();
    const admin = createKafka({
      clientId: 'replay-check',
      brokers: stackEndpoints.kafkaBrokers,
      logger: silentLogger,
    }).admin();
    await admin.connect();
    try {
      await waitFor(
        async () => {
          const committed = await admin.fetchOffsets({ groupId, topics });
          for (const t of committed) {
            const ends = await admin.fetchTopicOffsets(t.topic);
            for (const p of t.partitions) {
              const end = ends.find((e) => e.partition === p.partition)!.high;
              if (end !== '0' && p.offset !== end) return false;
            }
          }
          return true;
        },
        { description: 'the replay caught up with both topics', timeoutMs: 60_000 },
      );
    } finally {
      await admin.disconnect();
      await replayer.close();
    }
    expect(await snapshot()).toEqual(before);
    expect(await publishedEnds()).toEqual(publishedBefore);
    const consumed = await metrics.getSingleMetric('logisync_events_consumed_total')!.get();
    const byOutcome = (outcome: string) =>
      consumed.values.filter((v) => v.labels.outcome === outcome).reduce((n, v) => n + v.value, 0);
    expect(byOutcome('duplicate')).toBeGreaterThan(10);
    expect(byOutcome('applied')).toBe(0);
  });
});
