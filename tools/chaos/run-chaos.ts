/**
 * npm run chaos [-- --short] [--rate 50] [--orders N] [--out name] [--skip kill,poison,rebalance,broker]
 *
 * The whole system on fresh databases and free ports (like tools/e2e), the simulator at a
 * steady rate, and a schedule of faults injected while it runs: SIGKILL of each service then a
 * restart, 10 poison messages on order.milestones.v1, a rebalance storm (a second
 * warehouse-service with another PORT in the same group, started and stopped), a broker
 * SIGKILL then restart, a broker SIGSTOP for 40 s then SIGCONT (not in --short). Afterwards it
 * waits for lag 0 and checks the simulator's invariants (DESIGN.md section 6) plus: each
 * consumer's DLQ holds exactly the injected poison, no order has two InvoiceIssued events,
 * per-order event order holds in every milestone topic. A report per fault; exit 0 only when
 * everything holds. Writes bench/results/chaos-<date>[-short].json.
 */
import {
  DeadLetterHeader,
  EventHeader,
  topicCatalogue,
  topicsConsumedBy,
  deadLetterTopicOf,
  type ServiceName,
} from '@logisync/canonical-events';
import { createKafka, silentLogger } from '@logisync/event-runtime';
import { freePort, freshDatabase, stackEndpoints, type FreshDatabase } from '@logisync/test-kit';
import type { Admin, Kafka } from 'kafkajs';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ProcessSupervisor } from '../supervisor/process-supervisor';
import {
  REPO_ROOT,
  SERVICES,
  serviceProcessSpec,
  startSystem,
  type RunningService,
  type ServiceProcessName,
} from '../system/services';

const { values } = parseArgs({
  options: {
    short: { type: 'boolean', default: false },
    rate: { type: 'string' },
    orders: { type: 'string' },
    out: { type: 'string' },
    skip: { type: 'string', default: '' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const short = values.short;
/** Faults left out (development): kill, poison, rebalance, broker. */
const skip = new Set((values.skip ?? '').split(',').filter(Boolean));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stackScript = join(REPO_ROOT, 'tools', 'stack', 'stack.mjs');
const milestoneTopics = topicCatalogue.filter((t) => t.kind === 'milestones').map((t) => t.name);
const poisonTopic = 'order.milestones.v1';
const poisonCount = 10;
const consumerServices = SERVICES.map((s) => s.name as ServiceName);

interface FaultReport {
  fault: string;
  at: string;
  ms: number;
  ok: boolean;
  details: string[];
}

function run(command: string, args: string[], timeout = 180_000) {
  return new Promise<{ code: number; output: string }>((resolve) => {
    execFile(command, args, { cwd: REPO_ROOT, timeout }, (error, stdout, stderr) => {
      resolve({
        code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
        output: `${stdout}\n${stderr}`,
      });
    });
  });
}

async function kafkaPid(): Promise<number | undefined> {
  const r = await run(process.execPath, [stackScript, 'status', '--json']);
  try {
    const status = JSON.parse(r.output.slice(r.output.indexOf('{')));
    return status.components.find((c: { name: string }) => c.name === 'kafka')?.pid;
  } catch {
    return undefined;
  }
}

async function highWatermarks(admin: Admin, topics: string[]) {
  const out = new Map<string, Map<number, number>>();
  for (const topic of topics) {
    const offsets = await admin.fetchTopicOffsets(topic);
    out.set(topic, new Map(offsets.map((o) => [o.partition, Number(o.high)])));
  }
  return out;
}

/** Lag of every service's group on the topics it consumes. */
async function totalLag(admin: Admin) {
  let lag = 0;
  const per: Record<string, number> = {};
  for (const service of consumerServices) {
    const topics = topicsConsumedBy(service).map((t) => t.name);
    const highs = await highWatermarks(admin, topics);
    const committed = await admin.fetchOffsets({ groupId: service, topics });
    let l = 0;
    for (const t of committed)
      for (const p of t.partitions) {
        const high = highs.get(t.topic)?.get(p.partition) ?? 0;
        l += Math.max(0, high - Math.max(0, Number(p.offset)));
      }
    per[service] = l;
    lag += l;
  }
  return { lag, per };
}

interface Read {
  topic: string;
  partition: number;
  offset: number;
  key: string;
  headers: Record<string, string>;
}

/** Reads the topics from the given start offsets up to the given end offsets (own group). */
async function readRange(
  kafka: Kafka,
  from: Map<string, Map<number, number>>,
  to: Map<string, Map<number, number>>,
  groupId: string,
): Promise<Read[]> {
  const topics = [...from.keys()];
  const out: Read[] = [];
  let remaining = 0;
  const left = new Map<string, number>();
  for (const t of topics)
    for (const [p, start] of from.get(t)!) {
      const n = (to.get(t)?.get(p) ?? start) - start;
      if (n > 0) {
        left.set(`${t}/${p}`, n);
        remaining += n;
      }
    }
  if (remaining === 0) return out;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: false });
  let done: () => void = () => undefined;
  const finished = new Promise<void>((r) => (done = r));
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      const id = `${topic}/${partition}`;
      const offset = Number(message.offset);
      const start = from.get(topic)?.get(partition) ?? 0;
      const end = to.get(topic)?.get(partition) ?? 0;
      if (offset < start || offset >= end) return;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {}))
        headers[k] = Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
      out.push({ topic, partition, offset, key: message.key?.toString('utf8') ?? '', headers });
      const n = (left.get(id) ?? 0) - 1;
      left.set(id, n);
      if (n === 0 && [...left.values()].every((v) => v <= 0)) done();
    },
  });
  for (const t of topics)
    for (const [p, start] of from.get(t)!)
      consumer.seek({ topic: t, partition: p, offset: String(start) });
  await Promise.race([finished, sleep(120_000)]);
  await consumer.disconnect();
  return out;
}

async function main() {
  if (values.help) {
    console.log(readFileSync(__filename, 'utf8').split('*/')[0]);
    return;
  }
  const startedAt = new Date();
  const runId = `chaos${startedAt.getTime().toString(36)}`;
  const rate = Number(values.rate ?? (short ? 10 : 50));
  const orders = Number(values.orders ?? (short ? 400 : 1500));
  const logDir = mkdtempSync(join(tmpdir(), 'chaos-'));
  const supervisor = new ProcessSupervisor(logDir);
  const kafka = createKafka({
    clientId: runId,
    brokers: stackEndpoints.kafkaBrokers,
    logger: silentLogger,
  });
  const admin = kafka.admin();
  await admin.connect();
  const databases = new Map<string, FreshDatabase>();
  const ports = new Map<string, number>();
  for (const s of SERVICES) {
    databases.set(s.name, await freshDatabase(`chaos_${s.database}`));
    ports.set(s.name, await freePort());
  }
  const faults: FaultReport[] = [];
  let kafkaStopped: number | undefined;
  console.log(`chaos${short ? ' (short)' : ''}: ${orders} orders at ${rate}/s; logs in ${logDir}`);
  let exitCode = 1;
  try {
    const running: RunningService[] = await startSystem(supervisor, {
      logDir,
      databaseUrl: (s) => databases.get(s)!.url,
      port: (s) => ports.get(s)!,
      kafkaBrokers: stackEndpoints.kafkaBrokers.join(','),
      registryUrl: stackEndpoints.registryUrl,
    });
    const url = (s: string) => running.find((r) => r.name === s)!.baseUrl;
    console.log(`  system up after ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s`);
    const dlqTopics = consumerServices.map((s) => deadLetterTopicOf(s));
    const startMilestones = await highWatermarks(admin, milestoneTopics);
    const startDlq = await highWatermarks(admin, dlqTopics);

    // The simulator, in the background.
    const reportFile = join(logDir, 'simulation.json');
    const simStarted = Date.now();
    const simulation = new Promise<{ code: number; output: string }>((resolve) => {
      execFile(
        process.execPath,
        [
          join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'),
          'apps/simulator/src/main.ts',
          '--report',
          reportFile,
          '--rate',
          String(rate),
          '--orders',
          String(orders),
          '--actor-delay',
          '0',
          '--stall-timeout',
          '240',
          '--seed',
          String(startedAt.getTime() % 100_000),
        ],
        {
          cwd: REPO_ROOT,
          env: {
            ...process.env,
            ORDER_SERVICE_URL: url('order-service'),
            WAREHOUSE_SERVICE_URL: url('warehouse-service'),
            TRANSPORT_SERVICE_URL: url('transport-service'),
            BILLING_SERVICE_URL: url('billing-service'),
            KAFKA_BROKERS: stackEndpoints.kafkaBrokers.join(','),
            SCHEMA_REGISTRY_URL: stackEndpoints.registryUrl,
          },
          maxBuffer: 64 * 1024 * 1024,
          timeout: 1_800_000,
        },
        (error, stdout, stderr) =>
          resolve({
            code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
            output: `${stdout}\n${stderr}`,
          }),
      );
    });

    const fault = async (name: string, action: (details: string[]) => Promise<boolean>) => {
      const t0 = Date.now();
      const details: string[] = [];
      let ok = false;
      try {
        ok = await action(details);
      } catch (error) {
        details.push(`error: ${(error as Error).message}`);
      }
      const report = {
        fault: name,
        at: new Date(t0).toISOString(),
        ms: Date.now() - t0,
        ok,
        details,
      };
      faults.push(report);
      console.log(
        `  [${Math.round((t0 - simStarted) / 1000)} s] ${name}: ${ok ? 'ok' : 'FAILED'} ${details.join('; ')}`,
      );
    };

    const killService = (name: ServiceProcessName) =>
      fault(`SIGKILL ${name}, restart`, async (details) => {
        await supervisor.kill(name);
        details.push(`killed pid, restart`);
        const t = Date.now();
        await supervisor.restart(name);
        details.push(`healthy again after ${Date.now() - t} ms`);
        return true;
      });

    const poison = () =>
      fault(`${poisonCount} poison messages on ${poisonTopic}`, async (details) => {
        const producer = kafka.producer();
        await producer.connect();
        await producer.send({
          topic: poisonTopic,
          acks: -1,
          messages: Array.from({ length: poisonCount }, (_, i) => ({
            key: `${runId}-poison-${i}`,
            value: Buffer.from(`\u00ffnot an avro event ${runId} ${i} ${'#'.repeat(i * 7)}`),
          })),
        });
        await producer.disconnect();
        details.push(`keys ${runId}-poison-0..${poisonCount - 1}`);
        return true;
      });

    const rebalanceStorm = (rounds: number) =>
      fault(`rebalance storm: second warehouse-service x${rounds}`, async (details) => {
        for (let i = 0; i < rounds; i++) {
          const port = await freePort();
          const spec = serviceProcessSpec(
            'warehouse-service',
            {
              DATABASE_URL: databases.get('warehouse-service')!.url,
              KAFKA_BROKERS: stackEndpoints.kafkaBrokers.join(','),
              SCHEMA_REGISTRY_URL: stackEndpoints.registryUrl,
            },
            port,
          );
          spec.name = 'warehouse-service-2';
          await supervisor.start(spec);
          await sleep(5_000);
          await supervisor.stop('warehouse-service-2');
          details.push(`round ${i + 1}: joined on port ${port}, left`);
          await sleep(2_000);
        }
        return true;
      });

    const brokerKill = () =>
      fault('broker SIGKILL, restart', async (details) => {
        const r = await run(process.execPath, [
          stackScript,
          'restart',
          'kafka',
          '--signal',
          'SIGKILL',
        ]);
        details.push(`stack restart exit ${r.code}`);
        return r.code === 0;
      });

    const brokerStop = () =>
      fault('broker SIGSTOP 40 s, SIGCONT', async (details) => {
        const pid = await kafkaPid();
        if (!pid) throw new Error('no kafka pid from tools/stack status');
        kafkaStopped = pid;
        process.kill(pid, 'SIGSTOP');
        await sleep(40_000);
        process.kill(pid, 'SIGCONT');
        kafkaStopped = undefined;
        details.push(`pid ${pid} stopped 40 s`);
        return true;
      });

    // The schedule.
    await sleep(short ? 8_000 : 15_000);
    // A SIGKILLed member's session (30 s) must expire before its group rebalances, so a restart
    // is healthy about 30 s later: in --short the kills overlap (one every 3 s) to fit 4 minutes.
    const kills: Promise<void>[] = [];
    for (const s of skip.has('kill') ? [] : SERVICES) {
      const k = killService(s.name);
      if (short) {
        kills.push(k);
        await sleep(3_000);
      } else {
        await k;
        await sleep(10_000);
      }
    }
    await Promise.all(kills);
    if (!skip.has('poison')) await poison();
    await sleep(short ? 3_000 : 10_000);
    if (!skip.has('rebalance')) await rebalanceStorm(short ? 1 : 3);
    await sleep(short ? 3_000 : 10_000);
    if (!skip.has('broker')) await brokerKill();
    if (!short && !skip.has('broker')) {
      await sleep(20_000);
      await brokerStop();
      await sleep(10_000);
      for (const s of SERVICES) {
        await killService(s.name);
        await sleep(5_000);
      }
    }
    const lastFault = Date.now();

    const sim = await simulation;
    const simEnded = Date.now();
    console.log(
      `  simulator exit ${sim.code} after ${Math.round((Date.now() - simStarted) / 1000)} s`,
    );
    let report: {
      ok?: boolean;
      orders?: { orderId: string }[];
      invariants?: { name: string; ok: boolean; details: string[] }[];
      byStatus?: Record<string, number>;
      stuck?: unknown[];
    } = {};
    try {
      report = JSON.parse(readFileSync(reportFile, 'utf8'));
    } catch {
      console.log(sim.output.slice(-3000));
    }

    // Lag back to 0.
    let lagZeroAfterLastFaultMs: number | undefined;
    let lagZeroAfterSettledMs: number | undefined;
    let lag = await totalLag(admin);
    const deadline = Date.now() + 180_000;
    while (lag.lag > 0 && Date.now() < deadline) {
      await sleep(2_000);
      lag = await totalLag(admin);
    }
    if (lag.lag === 0) {
      lagZeroAfterLastFaultMs = Date.now() - lastFault;
      lagZeroAfterSettledMs = Date.now() - Math.max(lastFault, simEnded);
    }

    // The topics since the start.
    const endMilestones = await highWatermarks(admin, milestoneTopics);
    const endDlq = await highWatermarks(admin, dlqTopics);
    const events = await readRange(kafka, startMilestones, endMilestones, `${runId}-read`);
    const dead = await readRange(kafka, startDlq, endDlq, `${runId}-read-dlq`);
    const ourOrders = new Set((report.orders ?? []).map((o) => o.orderId));

    const checks: { name: string; ok: boolean; details: string[] }[] = [];
    checks.push({
      name: 'simulator: every order terminal and DESIGN.md section 6 invariants',
      ok: (sim.code === 0 && report.ok === true) || onlyInjectedDeadLetters(report),
      details: [
        `exit ${sim.code}, byStatus ${JSON.stringify(report.byStatus ?? {})}`,
        ...(report.invariants ?? [])
          .filter((i) => !i.ok)
          .flatMap((i) => [i.name, ...i.details.slice(0, 5)]),
      ],
    });
    checks.push({
      name: 'lag 0 on every group within 60 s of the last fault or the end of the load',
      ok: lag.lag === 0 && (lagZeroAfterSettledMs ?? Infinity) <= 60_000,
      details: [
        `lag ${JSON.stringify(lag.per)}`,
        `lag 0 ${lagZeroAfterLastFaultMs ?? '-'} ms after the last fault, ${lagZeroAfterSettledMs ?? '-'} ms after the later of it and the simulator's end`,
      ],
    });
    // DLQ: exactly the injected poison, once per consumer of the poisoned topic.
    const expectedConsumers = topicSpecConsumers(poisonTopic);
    const dlqDetails: string[] = [];
    let dlqOk = true;
    for (const service of consumerServices) {
      const topic = deadLetterTopicOf(service);
      const mine = dead.filter((d) => d.topic === topic);
      const poisonKeys = mine.filter((d) => d.key.startsWith(`${runId}-poison-`)).map((d) => d.key);
      const distinct = new Set(poisonKeys).size;
      const ours = mine.filter(
        (d) => ourOrders.has(d.key) || ourOrders.has(d.headers[EventHeader.correlationId]),
      );
      const expected = expectedConsumers.includes(service) && !skip.has('poison') ? poisonCount : 0;
      const ok = distinct === expected && ours.length === 0;
      if (!ok) dlqOk = false;
      dlqDetails.push(
        `${service}: ${distinct} poison (${poisonKeys.length} entries, expected ${expected}), ${ours.length} of our orders' events` +
          (ours.length
            ? ` (${ours
                .slice(0, 3)
                .map((o) => o.headers[DeadLetterHeader.errorMessage])
                .join(' | ')})`
            : ''),
      );
    }
    checks.push({ name: 'DLQs hold exactly the injected poison', ok: dlqOk, details: dlqDetails });
    // No doubled effect: one InvoiceIssued per order.
    const invoices = new Map<string, Set<string>>();
    let invoiceRecords = 0;
    for (const e of events) {
      if (e.headers[EventHeader.eventType] !== 'InvoiceIssued' || !ourOrders.has(e.key)) continue;
      invoiceRecords++;
      if (!invoices.has(e.key)) invoices.set(e.key, new Set());
      invoices.get(e.key)!.add(e.headers[EventHeader.eventId]);
    }
    const doubled = [...invoices.entries()].filter(([, ids]) => ids.size > 1);
    checks.push({
      name: 'no doubled effect: one InvoiceIssued per order',
      ok: doubled.length === 0,
      details: [
        `${invoices.size} orders invoiced, ${invoiceRecords} InvoiceIssued records (${invoiceRecords - invoices.size} redelivered copies of the same eventId)`,
        ...doubled.slice(0, 5).map(([o, ids]) => `${o}: ${ids.size} distinct invoices`),
      ],
    });
    // Per-order order: in each topic, an event's cause (same topic, same key) comes first.
    const orderViolations: string[] = [];
    // Lifecycle order of first occurrences per order and topic (retries and troubles may
    // repeat a milestone; its first occurrence still follows the earlier milestones').
    const lifecycle: Record<string, string[]> = {
      'order.milestones.v1': ['OrderReleased', 'OrderCompleted'],
      'warehouse.milestones.v1': [
        'InventoryAllocated',
        'OrderPicked',
        'OrderPacked',
        'ShipmentLoaded',
      ],
      'transport.milestones.v1': ['ShipmentPlanned', 'ShipmentDeparted', 'ShipmentDelivered'],
    };
    const lastRank = new Map<string, { rank: number; type: string }>();
    let rankChecked = 0;
    const firstSeenType = new Set<string>();
    for (const e of [...events].sort((a, b) => a.offset - b.offset)) {
      if (!ourOrders.has(e.key)) continue;
      const type = e.headers[EventHeader.eventType];
      const rank = lifecycle[e.topic]?.indexOf(type) ?? -1;
      if (rank < 0 || firstSeenType.has(`${e.topic}/${e.key}/${type}`)) continue;
      firstSeenType.add(`${e.topic}/${e.key}/${type}`);
      const prev = lastRank.get(`${e.topic}/${e.key}`);
      rankChecked++;
      if (prev && prev.rank > rank)
        orderViolations.push(`${e.topic} ${e.key}: ${type} at ${e.offset} after ${prev.type}`);
      if (!prev || rank > prev.rank) lastRank.set(`${e.topic}/${e.key}`, { rank, type });
    }
    const seen = new Map<string, number>();
    const byPartition = [...events].sort((a, b) =>
      a.topic === b.topic
        ? a.partition === b.partition
          ? a.offset - b.offset
          : a.partition - b.partition
        : a.topic < b.topic
          ? -1
          : 1,
    );
    const position = new Map<string, number>();
    for (const e of byPartition) {
      const id = e.headers[EventHeader.eventId];
      if (!position.has(`${e.topic}/${id}`)) position.set(`${e.topic}/${id}`, e.offset);
    }
    let checkedPairs = 0;
    for (const e of byPartition) {
      if (!ourOrders.has(e.key)) continue;
      const id = e.headers[EventHeader.eventId];
      if (seen.has(`${e.topic}/${id}`)) continue;
      seen.set(`${e.topic}/${id}`, e.offset);
      const cause = e.headers[EventHeader.causationId];
      const causeAt = cause ? position.get(`${e.topic}/${cause}`) : undefined;
      if (causeAt === undefined) continue;
      checkedPairs++;
      if (causeAt > e.offset)
        orderViolations.push(
          `${e.topic} ${e.key}: ${e.headers[EventHeader.eventType]} at ${e.offset} before its cause at ${causeAt}`,
        );
    }
    checks.push({
      name: 'per-order event order in every milestone topic (lifecycle order, cause before effect)',
      ok: orderViolations.length === 0,
      details: [
        `${rankChecked} first milestones checked in lifecycle order, ${checkedPairs} same-topic cause/effect pairs`,
        ...orderViolations.slice(0, 10),
      ],
    });
    const faultsOk = faults.every((f) => f.ok);
    const ok = faultsOk && checks.every((c) => c.ok);
    exitCode = ok ? 0 : 1;
    const result = {
      kind: 'chaos',
      short,
      skipped: [...skip],
      ok,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      rate,
      orders,
      loadAverage: readFileSync('/proc/loadavg', 'utf8').trim(),
      faults,
      checks,
      notes: [
        "Not injected (would need hooks in libs/event-runtime or tools/stack): a relay killed exactly between send and mark, a restart of the test's own PostgreSQL cluster, a 35 s handler stall, ShipmentDelivered v2/v3 under load.",
      ],
    };
    console.log('\nfault reports:');
    for (const f of faults)
      console.log(
        `  ${f.ok ? 'ok    ' : 'FAILED'} ${f.fault} (${f.ms} ms) ${f.details.join('; ')}`,
      );
    console.log('checks:');
    for (const c of checks)
      console.log(
        `  ${c.ok ? 'ok    ' : 'FAILED'} ${c.name}\n         ${c.details.join('\n         ')}`,
      );
    console.log(`\nchaos ${ok ? 'PASSED' : 'FAILED'} in ${result.seconds} s`);
    const outDir = join(REPO_ROOT, 'bench', 'results');
    mkdirSync(outDir, { recursive: true });
    const base =
      values.out ?? `chaos-${startedAt.toISOString().slice(0, 10)}${short ? '-short' : ''}`;
    writeFileSync(join(outDir, `${base}.json`), `${JSON.stringify(result, null, 2)}\n`);
    console.log(`wrote bench/results/${base}.json`);
  } finally {
    if (kafkaStopped) process.kill(kafkaStopped, 'SIGCONT');
    await supervisor.stopAll().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    for (const db of databases.values()) await db.drop().catch(() => undefined);
  }
  return exitCode;
}

/**
 * The simulator's invariant 4 counts every new dead letter as a loss; the only failure it may
 * report here is the injected poison, exactly poisonCount per consumer of the poisoned topic
 * (checked against the DLQ topics separately). Every other invariant must hold.
 */
function onlyInjectedDeadLetters(report: {
  invariants?: { name: string; ok: boolean; details: string[] }[];
  stuck?: unknown[];
}): boolean {
  const failed = (report.invariants ?? []).filter((i) => !i.ok);
  if (failed.length !== 1 || (report.stuck ?? []).length > 0) return false;
  const expected = new Set(topicSpecConsumers(poisonTopic));
  return failed[0].details.every((line) => {
    const m = /^(\S+) logisync_dead_letters_total: (\d+) new dead letters$/.exec(line.trim());
    return m !== null && expected.has(m[1]) && Number(m[2]) === poisonCount;
  });
}

function topicSpecConsumers(topic: string): string[] {
  return [...(topicCatalogue.find((t) => t.name === topic)?.consumers ?? [])];
}

main().then(
  (code) => process.exit(code ?? 0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
