import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, freshDatabase, stackEndpoints, type FreshDatabase } from '@logisync/test-kit';
import { ProcessSupervisor } from '../supervisor/process-supervisor';
import {
  SERVICES,
  startSystem,
  type RunningService,
  type ServiceProcessName,
} from '../system/services';
import { devApiKeys } from '../system/dev-api-keys';
import { launchSimulator } from '../system/simulator-process';

/** What the simulator reports (the fields the scenarios look at). */
export interface RunReport {
  ok: boolean;
  ordersCreated: number;
  orders: { orderId: string; plan: Record<string, unknown> }[];
  byStatus: Record<string, number>;
  stuck: unknown[];
  failures: { what: string; error: string }[];
  counters: Record<string, number>;
  eventsByType: Record<string, number>;
  exceptions: { raised: number; resolved: number; byType: Record<string, number> };
  invariants: { name: string; ok: boolean; details: string[] }[];
  releaseToInvoiceMs: { count: number; p50?: number; p95?: number; p99?: number };
}

export interface SystemUnderTest {
  services: Map<ServiceProcessName, RunningService>;
  supervisor: ProcessSupervisor;
  logDir: string;
  url(service: ServiceProcessName): string;
  /** Runs the simulator as its own process with these options; resolves with its report. */
  simulate(args: string[]): Promise<{ exitCode: number; report: RunReport; output: string }>;
  stop(): Promise<void>;
}

/**
 * The four services as separate processes on free ports, each on a fresh database of its own,
 * against the real Kafka and registry (the catalogue's topics and the services' own groups).
 */
export async function startSystemUnderTest(name: string): Promise<SystemUnderTest> {
  const logDir = mkdtempSync(join(tmpdir(), `${name}-`));
  const supervisor = new ProcessSupervisor(logDir);
  const databases = new Map<string, FreshDatabase>();
  const ports = new Map<string, number>();
  for (const service of SERVICES) {
    databases.set(service.name, await freshDatabase(`${name}_${service.database}`));
    ports.set(service.name, await freePort());
  }
  let running: RunningService[];
  try {
    running = await startSystem(supervisor, {
      logDir,
      databaseUrl: (service) => databases.get(service)!.url,
      port: (service) => ports.get(service)!,
      kafkaBrokers: stackEndpoints.kafkaBrokers.join(','),
      registryUrl: stackEndpoints.registryUrl,
    });
  } catch (error) {
    await supervisor.stopAll();
    for (const db of databases.values()) await db.drop().catch(() => undefined);
    throw error;
  }
  const services = new Map(running.map((s) => [s.name, s]));
  const url = (service: ServiceProcessName) => services.get(service)!.baseUrl;
  let runs = 0;
  return {
    services,
    supervisor,
    logDir,
    url,
    async simulate(args) {
      const { exitCode, report, output } = await launchSimulator<RunReport>({
        args,
        reportFile: join(logDir, `simulation-${++runs}.json`),
        services: running,
        kafkaBrokers: stackEndpoints.kafkaBrokers.join(','),
        registryUrl: stackEndpoints.registryUrl,
        output: 'capture',
        timeoutMs: 540_000,
      }).done;
      if (!report) throw new Error(`the simulator wrote no report (exit ${exitCode}):\n${output}`);
      return { exitCode, report, output };
    },
    async stop() {
      await supervisor.stopAll();
      for (const db of databases.values()) await db.drop().catch(() => undefined);
    },
  };
}

/** The development key set the system runs with (tools/system/dev-api-keys.ts). */
export const apiKeys = () => devApiKeys().keys;

/** A GET with the simulator's key, which reads everything. */
export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { 'x-api-key': apiKeys().simulator.key } });
  if (!response.ok) throw new Error(`GET ${url} -> ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}
