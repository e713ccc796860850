import { deadLetterTopicOf, topicCatalogue } from '@logisync/canonical-events';
import {
  apiKeyHeaders,
  campaignAgainstService,
  type EndpointUnderAttack,
} from '@logisync/test-kit';
import { randomUUID } from 'node:crypto';
import { startBillingService, type BillingServiceFixture } from './support/billing-service.fixture';

let service: BillingServiceFixture;

beforeAll(async () => {
  service = await startBillingService('billing-bad-input');
});

afterAll(async () => {
  await service?.close();
});

function endpoints(): EndpointUnderAttack[] {
  const invoice = { value: randomUUID(), kind: 'uuid' as const };
  const page = { cursor: 'id', limit: 'quantity' } as const;
  return [
    {
      method: 'GET',
      path: '/v1/invoices',
      query: { ...page, orderId: 'uuid', status: 'enum' },
    },
    { method: 'GET', path: '/v1/invoices/:id', params: { id: invoice } },
    {
      method: 'POST',
      path: '/v1/invoices/:id/hold',
      idempotent: true,
      params: { id: invoice },
      body: { reason: 'customer disputes the price' },
    },
    {
      method: 'POST',
      path: '/v1/invoices/:id/release',
      idempotent: true,
      params: { id: invoice },
      body: { reason: 'price agreed' },
    },
    { method: 'GET', path: '/v1/reconciliation/runs', query: page },
    { method: 'POST', path: '/v1/reconciliation/runs', idempotent: true },
  ];
}

describe('billing-service under bad input', () => {
  it('answers every attack with a 4xx problem and stores and publishes nothing', async () => {
    const campaign = await campaignAgainstService({
      baseUrl: service.baseUrl,
      databaseUrl: service.databaseUrl,
      topics: [
        ...topicCatalogue.filter((t) => t.producer === 'billing-service').map((t) => t.name),
        deadLetterTopicOf('billing-service'),
      ].map(service.topic),
      headers: apiKeyHeaders(service),
      endpoints: endpoints(),
    });

    expect(campaign.report).toBe('');
    expect(campaign.changes).toEqual([]);
    expect(campaign.attacks).toBeGreaterThan(100);
  });
});
