import { deadLetterTopicOf, topicCatalogue } from '@logisync/canonical-events';
import {
  apiKeyHeaders,
  campaignAgainstService,
  type EndpointUnderAttack,
} from '@logisync/test-kit';
import { randomUUID } from 'node:crypto';
import { startControlTower, type ControlTowerFixture } from './support/control-tower.fixture';

let service: ControlTowerFixture;

beforeAll(async () => {
  service = await startControlTower('control-tower-bad-input');
});

afterAll(async () => {
  await service?.close();
});

function endpoints(): EndpointUnderAttack[] {
  const exception = { value: randomUUID(), kind: 'id' as const };
  return [
    { method: 'GET', path: '/api/exceptions', query: { status: 'enum' } },
    {
      method: 'POST',
      path: '/api/exceptions/:id/acknowledge',
      params: { id: exception },
      body: { note: 'looking into it' },
      optional: ['note'],
    },
    {
      method: 'POST',
      path: '/api/exceptions/:id/resolve',
      params: { id: exception },
      body: { resolution: 'stock corrected' },
    },
    { method: 'GET', path: '/api/orders/:id', params: { id: { value: randomUUID(), kind: 'id' } } },
    { method: 'GET', path: '/api/orders', query: { status: 'enum' } },
    { method: 'GET', path: '/api/search', query: { q: 'text' } },
    { method: 'GET', path: '/ui/:asset', params: { asset: { value: 'app.js', kind: 'id' } } },
  ];
}

describe('control-tower under bad input', () => {
  it('answers every attack with a 4xx problem and stores and publishes nothing', async () => {
    const campaign = await campaignAgainstService({
      baseUrl: service.baseUrl,
      databaseUrl: service.databaseUrl,
      topics: [
        ...topicCatalogue.filter((t) => t.producer === 'control-tower').map((t) => t.name),
        deadLetterTopicOf('control-tower'),
      ].map(service.topic),
      headers: apiKeyHeaders(service),
      endpoints: endpoints(),
    });

    expect(campaign.report).toBe('');
    expect(campaign.changes).toEqual([]);
    expect(campaign.attacks).toBeGreaterThan(50);
  });
});
