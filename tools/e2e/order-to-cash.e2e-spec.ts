import {
  getJson,
  startSystemUnderTest,
  type RunReport,
  type SystemUnderTest,
} from './system-under-test';

/**
 * The order-to-cash flow across the four services, each its own process, driven by the
 * simulator through the public APIs and topics. After every scenario the simulator has checked
 * the invariants of docs/architecture.md (section 5) through the APIs and /metrics; each test also looks for itself at what
 * the scenario is about.
 */
describe('order to cash, end to end', () => {
  let system: SystemUnderTest;

  beforeAll(async () => {
    system = await startSystemUnderTest('e2e');
  }, 300_000);

  afterAll(async () => {
    await system?.stop();
  });

  /** Runs a scenario and insists on a clean result, showing the simulator's output otherwise. */
  async function scenario(args: string[]): Promise<RunReport> {
    const { exitCode, report, output } = await system.simulate([
      '--actor-delay',
      '20',
      '--stall-timeout',
      '60',
      ...args,
    ]);
    const failed = report.invariants.filter((i) => !i.ok);
    if (exitCode !== 0 || !report.ok) {
      throw new Error(
        `scenario ${args.join(' ')} failed (exit ${exitCode}); logs in ${system.logDir}\n` +
          `${JSON.stringify({ failed, stuck: report.stuck, failures: report.failures }, null, 2)}\n${output.slice(-4000)}`,
      );
    }
    expect(failed).toEqual([]);
    expect(report.stuck).toEqual([]);
    expect(report.invariants.length).toBeGreaterThanOrEqual(5);
    return report;
  }

  const invoicesOf = (orderId: string) =>
    getJson<{ items: { status: string; totalMinor?: number }[] }>(
      `${system.url('billing-service')}/v1/invoices?orderId=${orderId}`,
    );
  const orderOf = (orderId: string) =>
    getJson<{ status: string; timeline: { type: string; eventId: string }[] }>(
      `${system.url('order-service')}/v1/orders/${orderId}`,
    );

  it('happy path: every order completes with one invoice and a timeline of each milestone once', async () => {
    const report = await scenario(['--orders', '3', '--no-trouble', '--seed', '11']);
    expect(report.byStatus).toEqual({ COMPLETED: 3 });
    for (const { orderId } of report.orders) {
      const order = await orderOf(orderId);
      expect(order.status).toBe('COMPLETED');
      const types = order.timeline.map((t) => t.type);
      for (const type of [
        'InventoryAllocated',
        'OrderPicked',
        'OrderPacked',
        'ShipmentLoaded',
        'ShipmentDelivered',
        'InvoiceIssued',
      ]) {
        expect(types.filter((t) => t === type)).toHaveLength(1);
      }
      expect(new Set(order.timeline.map((t) => t.eventId)).size).toBe(order.timeline.length);
      const invoices = await invoicesOf(orderId);
      expect(invoices.items.filter((i) => i.status === 'ISSUED')).toHaveLength(1);
    }
    expect(report.releaseToInvoiceMs.count).toBe(3);

    // The metrics move with the run: the control tower's business view and every service's runtime.
    const tower = await (await fetch(`${system.url('control-tower')}/metrics`)).text();
    expect(tower).toMatch(/logisync_orders\{status="COMPLETED"\} [1-9]/);
    expect(tower).toMatch(/logisync_order_release_to_invoice_seconds_count [1-9]/);
    for (const name of [
      'logisync_open_exceptions',
      'logisync_orders_awaiting_allocation',
      'logisync_shipments_missing_tender_confirmation',
      'logisync_orders_packed_not_loaded',
    ]) {
      expect(tower).toContain(`# TYPE ${name} gauge`);
    }
    for (const service of [
      'order-service',
      'warehouse-service',
      'transport-service',
      'billing-service',
    ] as const) {
      const text = await (await fetch(`${system.url(service)}/metrics`)).text();
      expect(text).toMatch(
        new RegExp(
          `logisync_events_consumed_total\\{service="${service}",event_type="\\w+",outcome="applied"\\} [1-9]`,
        ),
      );
      expect(text).toMatch(new RegExp(`logisync_events_published_total\\{service="${service}"`));
      expect(text).toContain('process_resident_memory_bytes');
    }
  });

  it('shortage then receipt: back-ordered orders are allocated from the receipt and complete', async () => {
    const report = await scenario([
      '--orders',
      '2',
      '--no-trouble',
      '--shortage-rate',
      '1',
      '--seed',
      '12',
    ]);
    expect(report.byStatus).toEqual({ COMPLETED: 2 });
    expect(report.eventsByType.AllocationFailed).toBeGreaterThanOrEqual(2);
    expect(report.eventsByType.InventoryAllocated).toBe(2);
    expect(report.counters['shortage receipts']).toBeGreaterThanOrEqual(1);
    expect(report.exceptions.byType.ALLOCATION_SHORTAGE).toBeGreaterThanOrEqual(2);
    expect(report.exceptions.resolved).toBe(report.exceptions.raised);
  });

  it('carrier rejection then re-tender: the next carrier takes the shipment', async () => {
    const report = await scenario([
      '--orders',
      '2',
      '--no-trouble',
      '--rejection-rate',
      '1',
      '--seed',
      '13',
    ]);
    expect(report.byStatus).toEqual({ COMPLETED: 2 });
    expect(report.eventsByType.TenderRejected).toBe(2);
    expect(report.eventsByType.CarrierTendered).toBe(4);
    expect(report.eventsByType.TenderAccepted).toBe(2);
  });

  it('every carrier rejects: an exception, an operator assigns a carrier, the order completes', async () => {
    const report = await scenario([
      '--orders',
      '2',
      '--no-trouble',
      '--all-reject-rate',
      '1',
      '--seed',
      '14',
    ]);
    expect(report.byStatus).toEqual({ COMPLETED: 2 });
    expect(report.exceptions.byType.TENDER_ALL_REJECTED).toBe(2);
    expect(report.counters['carriers assigned by an operator']).toBe(2);
    expect(report.exceptions.resolved).toBe(report.exceptions.raised);
  });

  it('customs hold then clearance: the invoice is held, then issued', async () => {
    const report = await scenario([
      '--orders',
      '2',
      '--no-trouble',
      '--customs-rate',
      '1',
      '--seed',
      '15',
    ]);
    expect(report.byStatus).toEqual({ COMPLETED: 2 });
    expect(report.eventsByType.CustomsHoldRaised).toBe(2);
    expect(report.eventsByType.CustomsCleared).toBe(2);
    expect(report.eventsByType.InvoiceIssued).toBe(2);
  });

  it('delivery failed, then delivered on the next attempt', async () => {
    const report = await scenario([
      '--orders',
      '2',
      '--no-trouble',
      '--delivery-failure-rate',
      '1',
      '--seed',
      '16',
    ]);
    expect(report.byStatus).toEqual({ COMPLETED: 2 });
    expect(report.eventsByType.DeliveryFailed).toBe(2);
    expect(report.eventsByType.ShipmentDelivered).toBe(2);
  });

  it('cancel before loading: allocation released, tender withdrawn, no invoice', async () => {
    const report = await scenario([
      '--orders',
      '2',
      '--no-trouble',
      '--cancel-rate',
      '1',
      '--seed',
      '17',
    ]);
    expect(report.byStatus).toEqual({ CANCELLED: 2 });
    expect(report.eventsByType.AllocationReleased).toBe(2);
    expect(report.eventsByType.TenderWithdrawn).toBe(2);
    expect(report.eventsByType.ShipmentLoaded).toBeUndefined();
    for (const { orderId } of report.orders) {
      expect((await invoicesOf(orderId)).items.filter((i) => i.status === 'ISSUED')).toEqual([]);
      expect((await orderOf(orderId)).status).toBe('CANCELLED');
    }
  });

  it('cancel after loading is refused and the order completes', async () => {
    const report = await scenario([
      '--orders',
      '2',
      '--no-trouble',
      '--late-cancel-rate',
      '1',
      '--seed',
      '18',
    ]);
    expect(report.byStatus).toEqual({ COMPLETED: 2 });
    expect(report.counters['late cancellations refused']).toBe(2);
  });

  it('500 orders with every kind of trouble mixed in', async () => {
    const report = await scenario([
      '--orders',
      '500',
      '--rate',
      '25',
      '--seed',
      '19',
      '--actor-delay',
      '5',
    ]);
    expect(report.ordersCreated).toBe(500);
    const terminal = (report.byStatus.COMPLETED ?? 0) + (report.byStatus.CANCELLED ?? 0);
    expect(terminal).toBe(500);
    expect(report.byStatus.CANCELLED ?? 0).toBeGreaterThan(0);
    expect(Object.keys(report.exceptions.byType).length).toBeGreaterThanOrEqual(2);
  });
});
