import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { waitFor } from '@logisync/test-kit';
import { REPO_ROOT } from '../system/services';
import { apiKeys, getJson, startSystemUnderTest, type SystemUnderTest } from './system-under-test';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': apiKeys().simulator.key,
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url} -> ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Open exceptions of an order owned by the order desk, in the control tower's queue. */
async function openShortages(tower: string, orderId: string): Promise<number> {
  const queue = await getJson<{ orderId: string; owner: string }[]>(`${tower}/api/exceptions`);
  return queue.filter((x) => x.orderId === orderId && x.owner === 'order-desk').length;
}

/**
 * The control tower in Chromium, on the whole system: an order short of stock raises an
 * exception that a person finds through the search box, reads the timeline of, and resolves
 * from the exception queue; the change comes back through the owning service's events.
 */
describe('the control tower in a browser', () => {
  let system: SystemUnderTest;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    system = await startSystemUnderTest('tower');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on(
      'dialog',
      (dialog) => void dialog.accept('Customer agreed to wait for the next delivery'),
    );
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('finds an order short of stock, shows why it waits, and resolves its exception', async () => {
    // Seed the simulated enterprise (warehouses, SKUs, carriers, customers) with one clean order.
    const seeded = await system.simulate(['--orders', '1', '--no-trouble', '--seed', '21']);
    expect(seeded.report.ok).toBe(true);
    const orders = system.url('order-service');
    const customers = await getJson<{ items: { id: string; region: string }[] }>(
      `${orders}/v1/customers`,
    );
    const customer = customers.items.find((c) => c.region === 'eu-west')!;
    const order = await post(`${orders}/v1/orders`, {
      customerId: customer.id,
      channel: 'WEB',
      lines: [{ sku: 'SKU-SCARCE', quantity: 2, unitPrice: 4999, currency: 'EUR' }],
      shipTo: {
        name: 'Corner shop',
        street: '1 Main Street',
        city: 'Berlin',
        postalCode: '10115',
        country: 'DE',
      },
      requestedDeliveryDate: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
      priority: 'STANDARD',
      region: 'eu-west',
    });
    await post(`${orders}/v1/orders/${order.id}/approve`, undefined);
    const tower = system.url('control-tower');
    await waitFor(async () => (await openShortages(tower, order.id)) > 0, {
      description: 'the shortage exception in the control tower',
      timeoutMs: 60_000,
    });

    await page.goto(`${tower}/`);
    // The operator signs in with their key (kept in this tab only).
    await page.fill('#api-key', apiKeys().operator.key);
    await page.click('#key button');
    await page.fill('#q', order.id);
    await page.click('#search button');
    await page.waitForSelector('#order');
    await expect(page.textContent('#order-status')).resolves.toBe('RELEASED');
    await expect(page.textContent('#why')).resolves.toMatch(
      /InventoryAllocated.*warehouse-service.*stock receipt/,
    );
    const timeline = await page.locator('table.timeline td.type').allTextContents();
    expect(timeline).toEqual(
      expect.arrayContaining(['OrderReleased', 'AllocationFailed', 'ExceptionRaised']),
    );
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'control-tower-order.png'), fullPage: true });

    await page.goto(`${tower}/#/`);
    await page.locator('h2', { hasText: 'Exception queue' }).waitFor();
    // The order desk's own exception (the warehouse raises a shortage exception of its own).
    const [deskException] = (
      await getJson<{ items: { id: string; status: string }[] }>(
        `${orders}/v1/exceptions?orderId=${order.id}`,
      )
    ).items;
    const resolve = page.locator(
      `section:has(h2:text-is("Exception queue")) button[data-resolve="${deskException.id}"]`,
    );
    await resolve.waitFor();
    await resolve.click();
    await waitFor(async () => (await openShortages(tower, order.id)) === 0, {
      description: 'the exception resolved through order-service and its event',
      timeoutMs: 60_000,
    });
    await page.goto(`${tower}/#/orders/${order.id}`);
    await page.waitForSelector('#order');
    await page.locator('text=resolved').first().waitFor();
    const owner = await getJson<{ items: { orderId: string; status: string }[] }>(
      `${orders}/v1/exceptions?orderId=${order.id}`,
    );
    expect(owner.items.map((x) => x.status)).toContain('RESOLVED');
    await page.screenshot({ path: join(ARTIFACTS, 'control-tower-resolved.png'), fullPage: true });
  });
});
