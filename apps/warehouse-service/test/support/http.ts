export { httpClient, type HttpResult } from '@logisync/test-kit';

export function warehouseBody(id: string, overrides: Record<string, unknown> = {}) {
  return { id, name: `${id} DC`, region: 'eu-west', country: 'DE', ...overrides };
}

export function skuBody(sku: string, overrides: Record<string, unknown> = {}) {
  return {
    sku,
    description: `item ${sku}`,
    weightGrams: 500,
    lengthMm: 300,
    widthMm: 200,
    heightMm: 100,
    ...overrides,
  };
}
