import { loadServiceConfig, type ServiceConfig } from '@logisync/event-runtime';

/** The only place this service reads its environment. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ServiceConfig {
  return loadServiceConfig(env, {
    service: 'warehouse-service',
    port: 3002,
    database: 'warehouse_service',
  });
}
