import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, freshDatabase, stackEndpoints, type FreshDatabase } from '@logisync/test-kit';
import { ProcessSupervisor } from '../supervisor/process-supervisor';
import {
  REPO_ROOT,
  SERVICES,
  startSystem,
  type RunningService,
  type ServiceProcessName,
} from '../system/services';
import { devApiKeys } from '../system/dev-api-keys';

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
    simulate(args) {
      const reportFile = join(logDir, `simulation-${++runs}.json`);
      return new Promise((resolve, reject) => {
        execFile(
          process.execPath,
          [
            join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'),
            'apps/simulator/src/main.ts',
            '--report',
            reportFile,
            ...args,
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
            timeout: 540_000,
          },
          (error, stdout, stderr) => {
            const output = `${stdout}\n${stderr}`;
            let report: RunReport;
            try {
              report = JSON.parse(readFileSync(reportFile, 'utf8'));
            } catch {
              reject(new Error(`the simulator wrote no report (${error?.message}):\n${output}`));
              return;
            }
            const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            resolve({ exitCode, report, output });
          },
        );
      });
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
