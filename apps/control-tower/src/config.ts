import {
  ConfigError,
  EnvReader,
  loadServiceConfig,
  type ServiceConfig,
} from '@logisync/event-runtime';
import { slaRulesWith, type SlaRule } from './domain/sla-rules';

export interface ControlTowerConfig extends ServiceConfig {
  /** Where each service answers: its API (exception actions) and its /metrics and /health. */
  serviceUrls: Record<string, string>;
  slaRules: SlaRule[];
  slaCheckIntervalMs: number;
  /** Packed but not loaded for longer than this counts on the KPI tile. */
  packedNotLoadedSeconds: number;
}

function seconds(read: EnvReader, name: string, fallback: number): number {
  const raw = read.string(name, String(fallback));
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new ConfigError([`${name} must be a number of seconds > 0, got '${raw}'`]);
  return value;
}

/** The only place the control tower reads its environment. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
): ControlTowerConfig {
  const base = loadServiceConfig(env, {
    service: 'control-tower',
    port: 3000,
    database: 'control_tower',
  });
  const read = new EnvReader(env);
  const http = ['http:', 'https:'];
  const serviceUrls = {
    'order-service': read.url('ORDER_SERVICE_URL', 'http://127.0.0.1:3001', http),
    'warehouse-service': read.url('WAREHOUSE_SERVICE_URL', 'http://127.0.0.1:3002', http),
    'transport-service': read.url('TRANSPORT_SERVICE_URL', 'http://127.0.0.1:3003', http),
    'billing-service': read.url('BILLING_SERVICE_URL', 'http://127.0.0.1:3004', http),
  };
  const thresholds = read.string('SLA_THRESHOLDS', ' ');
  const config: ControlTowerConfig = {
    ...base,
    serviceUrls,
    slaRules: slaRulesWith(thresholds),
    slaCheckIntervalMs: seconds(read, 'SLA_CHECK_INTERVAL_SECONDS', 15) * 1000,
    packedNotLoadedSeconds: seconds(read, 'PACKED_NOT_LOADED_SECONDS', 3600),
  };
  read.done();
  return config;
}
