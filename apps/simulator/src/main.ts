#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { serviceClients } from './clients/service-clients';
import { loadEndpoints } from './config';
import { DEFAULT_RATES, NO_TROUBLE, type TroubleRates } from './plan/order-plan';
import { formatSummary, progressPrinter } from './run/console-report';
import { runSimulation } from './run/simulation';

const integer = (min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`an integer >= ${min}`);
  return n;
};
const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('a number > 0');
  return n;
};
const probability = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError('a probability between 0 and 1');
  return n;
};

const program = new Command()
  .name('simulator')
  .description(
    'The outside world of logisync: ERP users, warehouse floor devices, carriers and operators, ' +
      'driving the four services through their public APIs and topics only.',
  )
  .option('--orders <n>', 'orders to place', integer(1), 200)
  .option('--rate <perSecond>', 'orders created per second', positive, 20)
  .option(
    '--seed <n>',
    'random seed: the same seed gives the same orders and troubles',
    integer(0),
    1,
  )
  .option('--no-trouble', 'every trouble rate 0 (the happy path)')
  .option('--shortage-rate <p>', 'orders needing stock that must first be received', probability)
  .option('--rejection-rate <p>', 'orders whose first carrier rejects the tender', probability)
  .option(
    '--all-reject-rate <p>',
    'orders every carrier rejects (an operator assigns one)',
    probability,
  )
  .option('--customs-rate <p>', 'shipments held in customs, then cleared', probability)
  .option('--delivery-failure-rate <p>', 'deliveries failing once before succeeding', probability)
  .option('--cancel-rate <p>', 'orders cancelled right after approval', probability)
  .option(
    '--late-cancel-rate <p>',
    'orders the ERP tries to cancel after loading (must be refused)',
    probability,
  )
  .option('--actor-delay <ms>', 'how long people and carriers take to act', integer(0), 50)
  .option('--tender-timeout <s>', 'tender timeout on the seeded lanes', integer(1), 30)
  .option('--stall-timeout <s>', 'give up when nothing moves for this long', integer(5), 90)
  .option('--concurrency <n>', 'parallel API calls of all actors', integer(1), 32)
  .option('--report <file>', 'also write the report as JSON to this file')
  .option('--json', 'print the report as JSON instead of the summary')
  .option('--url <text...>', 'lines to print under the summary (where to look next)')
  .addHelpText(
    'after',
    '\nServices are found through ORDER_SERVICE_URL, WAREHOUSE_SERVICE_URL, TRANSPORT_SERVICE_URL,\n' +
      'BILLING_SERVICE_URL, KAFKA_BROKERS and SCHEMA_REGISTRY_URL (local defaults).\n' +
      'Exit code 0: every order reached a terminal state and every invariant held; 1 otherwise.',
  );

async function main() {
  program.parse();
  const o = program.opts();
  const base: TroubleRates = o.trouble === false ? NO_TROUBLE : DEFAULT_RATES;
  const rates: TroubleRates = {
    shortage: o.shortageRate ?? base.shortage,
    carrierRejection: o.rejectionRate ?? base.carrierRejection,
    noCarrier: o.allRejectRate ?? base.noCarrier,
    customsHold: o.customsRate ?? base.customsHold,
    deliveryFailure: o.deliveryFailureRate ?? base.deliveryFailure,
    cancellation: o.cancelRate ?? base.cancellation,
    lateCancellation: o.lateCancelRate ?? base.lateCancellation,
  };
  const clients = serviceClients(loadEndpoints());
  const report = await runSimulation(
    clients,
    {
      orders: o.orders,
      rate: o.rate,
      seed: o.seed,
      rates,
      actorDelayMs: o.actorDelay,
      tenderTimeoutSeconds: o.tenderTimeout,
      stallTimeoutMs: o.stallTimeout * 1000,
      concurrency: o.concurrency,
    },
    o.json ? undefined : progressPrinter(),
  );
  if (o.report) writeFileSync(o.report, JSON.stringify(report, null, 2));
  console.log(o.json ? JSON.stringify(report, null, 2) : formatSummary(report, o.url ?? []));
  process.exit(report.ok ? 0 : 1);
}

main().catch((error) => {
  console.error(`simulator: ${error instanceof Error ? error.message : error}`);
  process.exit(2);
});
