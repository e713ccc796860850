import { deadLetterTopicOf, topicCatalogue, topicsConsumedBy } from '@logisync/canonical-events';
import {
  apiKeyHeaders,
  campaignAgainstService,
  type EndpointUnderAttack,
} from '@logisync/test-kit';
import { randomUUID } from 'node:crypto';
import { customerBody, httpClient, orderBody } from './support/http';
import { startOrderService, type OrderServiceFixture } from './support/order-service.fixture';

let service: OrderServiceFixture;

beforeAll(async () => {
  service = await startOrderService('order-bad-input');
});

afterAll(async () => {
  await service?.close();
});

function endpoints(customerId: string, orderId: string): EndpointUnderAttack[] {
  const order = { value: orderId, kind: 'uuid' as const };
  const unknown = { value: randomUUID(), kind: 'uuid' as const };
  return [
    {
      method: 'POST',
      path: '/v1/customers',
      idempotent: true,
      body: customerBody(),
      fields: { name: 'text', region: 'id', creditLimit: 'money', currency: 'id' },
    },
    { method: 'GET', path: '/v1/customers/:id', params: { id: unknown } },
    {
      method: 'POST',
      path: '/v1/orders',
      idempotent: true,
      body: orderBody(customerId),
      fields: {
        customerId: 'uuid',
        channel: 'enum',
        'lines.sku': 'id',
        'lines.quantity': 'quantity',
        'lines.unitPrice': 'money',
        'lines.currency': 'id',
        'shipTo.country': 'id',
        requestedDeliveryDate: 'date',
        priority: 'enum',
        region: 'id',
      },
    },
    {
      method: 'GET',
      path: '/v1/orders',
      query: {
        status: 'enum',
        customerId: 'uuid',
        from: 'instant',
        to: 'instant',
        cursor: 'id',
        limit: 'quantity',
      },
    },
    { method: 'GET', path: '/v1/orders/:id', params: { id: order } },
    { method: 'POST', path: '/v1/orders/:id/approve', params: { id: order } },
    {
      method: 'POST',
      path: '/v1/orders/:id/cancel',
      params: { id: order },
      body: { reason: 'customer withdrew the order' },
    },
    { method: 'GET', path: '/v1/exceptions', query: { status: 'enum', orderId: 'uuid' } },
    { method: 'POST', path: '/v1/exceptions/:id/acknowledge', params: { id: unknown } },
    {
      method: 'POST',
      path: '/v1/exceptions/:id/resolve',
      params: { id: unknown },
      body: { resolution: 'wait for stock' },
    },
  ];
}

/** The runtime's operator endpoints, the same in every service: attacked once, here. */
function adminEndpoints(consumedTopic: string): EndpointUnderAttack[] {
  return [
    { method: 'POST', path: '/admin/consumer/pause' },
    { method: 'POST', path: '/admin/consumer/resume' },
    {
      method: 'POST',
      path: '/admin/consumer/seek',
      body: { topic: consumedTopic, partition: 0, offset: '0' },
      fields: { topic: 'id', partition: 'count', offset: 'id' },
    },
    {
      method: 'POST',
      path: '/admin/consumer/redeliver',
      body: {
        messages: [
          {
            topic: consumedTopic,
            partition: 0,
            offset: '0',
            key: 'order-1',
            value: Buffer.from('not avro').toString('base64'),
            headers: {},
          },
        ],
      },
      optional: ['messages.key', 'messages.headers'],
      fields: {
        'messages.topic': 'id',
        'messages.partition': 'count',
        'messages.offset': 'id',
        'messages.key': 'opaque',
        'messages.value': 'base64',
      },
    },
  ];
}

describe('order-service under bad input', () => {
  it('answers every attack with a 4xx problem and stores and publishes nothing', async () => {
    const headers = apiKeyHeaders(service);
    const api = httpClient(service.baseUrl);
    const customer = await api.post('/v1/customers', customerBody(), headers);
    const order = await api.post('/v1/orders', orderBody(customer.body.id), headers);
    expect(order.status).toBe(201);
    const topics = [
      ...topicCatalogue.filter((t) => t.producer === 'order-service').map((t) => t.name),
      deadLetterTopicOf('order-service'),
    ].map(service.topic);
    const consumed = service.topic(topicsConsumedBy('order-service')[0].name);

    const campaign = await campaignAgainstService({
      baseUrl: service.baseUrl,
      databaseUrl: service.databaseUrl,
      topics,
      headers,
      endpoints: [...endpoints(customer.body.id, order.body.id), ...adminEndpoints(consumed)],
    });

    expect(campaign.report).toBe('');
    expect(campaign.changes).toEqual([]);
    expect(campaign.attacks).toBeGreaterThan(300);
  });
});
