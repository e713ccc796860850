import type { ProgressSnapshot, SimulationReport } from './simulation';

const ORDER = [
  'CREATED',
  'RELEASED',
  'ALLOCATED',
  'PICKED',
  'PACKED',
  'SHIPPED',
  'IN_TRANSIT',
  'DELIVERED',
  'INVOICED',
  'COMPLETED',
  'CANCELLED',
];

function statusLine(byStatus: Record<string, number>): string {
  return Object.entries(byStatus)
    .sort(([a], [b]) => ORDER.indexOf(a.split(' ')[0]) - ORDER.indexOf(b.split(' ')[0]))
    .map(([status, n]) => `${status} ${n}`)
    .join('  ');
}

/** One progress line: rewritten in place on a terminal, printed every 5 s otherwise. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stdout) {
  let lastPrinted = 0;
  return (p: ProgressSnapshot) => {
    const line =
      `[${(p.elapsedMs / 1000).toFixed(0).padStart(4)} s] orders ${p.created}/${p.target} | ` +
      `${statusLine(p.byStatus)} | ${p.eventsPerSecond.toFixed(0)} events/s | ` +
      `open exceptions ${p.openExceptions} | calls in flight ${p.pendingCalls}`;
    if (stream.isTTY) {
      stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 200) - 1)}`);
    } else if (Date.now() - lastPrinted >= 5_000) {
      lastPrinted = Date.now();
      stream.write(`${line}\n`);
    }
  };
}

const ms = (v: number | undefined) => (v === undefined ? 'n/a' : `${v} ms`);

/** The summary a person reads at the end of a run. */
export function formatSummary(report: SimulationReport, urls: string[] = []): string {
  const lines: string[] = [];
  lines.push(
    '',
    `simulation ${report.runId}: ${report.ordersCreated} orders in ${(report.durationMs / 1000).toFixed(1)} s (seed ${report.options.seed})`,
  );
  lines.push(`  orders by final status: ${statusLine(report.byStatus)}`);
  const types = Object.entries(report.exceptions.byType)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  lines.push(
    `  exceptions: ${report.exceptions.raised} raised, ${report.exceptions.resolved} resolved${types ? ` (${types})` : ''}`,
  );
  const l = report.releaseToInvoiceMs;
  lines.push(
    `  order released -> invoice issued (${l.count} orders): p50 ${ms(l.p50)}, p95 ${ms(l.p95)}, p99 ${ms(l.p99)}`,
  );
  const m = report.eventMessages;
  lines.push(
    `  events observed: ${report.eventsObserved} (${report.redeliveriesObserved} redeliveries ignored); ` +
      `messages decoded ${m.decoded}, counted from their headers ${m.counted}, skipped undecoded ${m.skipped}`,
  );
  if (report.end !== 'finished') lines.push(`  stopped waiting: ${report.end}`);
  const cpu = report.cpu;
  lines.push(
    `  simulator CPU: ${cpu.perFlowMs ?? 'n/a'} ms per completed flow (${cpu.runMs} ms for ${cpu.flows} flows; ${cpu.processMs} ms for the whole process)`,
  );
  const counters = Object.entries(report.counters)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  if (counters) lines.push(`  outside world: ${counters}`);
  for (const s of report.stuck.slice(0, 10))
    lines.push(`  NOT TERMINAL ${s.orderId}: ${s.status} ${JSON.stringify(s.plan)}`);
  if (report.stuck.length > 10)
    lines.push(`  ... and ${report.stuck.length - 10} more not terminal`);
  for (const f of report.failures.slice(0, 10)) lines.push(`  FAILED ${f.what}: ${f.error}`);
  if (report.failures.length > 10)
    lines.push(`  ... and ${report.failures.length - 10} more failed calls`);
  lines.push('  invariants:');
  for (const i of report.invariants) {
    lines.push(`    ${i.ok ? 'ok  ' : 'FAIL'} ${i.name}`);
    for (const d of i.details.slice(0, 5)) lines.push(`         ${d}`);
    if (i.details.length > 5) lines.push(`         ... and ${i.details.length - 5} more`);
  }
  for (const url of urls) lines.push(`  ${url}`);
  lines.push(report.ok ? '  RESULT: every order terminal, invariants hold' : '  RESULT: FAILED');
  return lines.join('\n');
}
