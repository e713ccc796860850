import { loadServiceConfig, type ServiceConfig } from '@logisync/event-runtime';

/** The only place this service reads its environment. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ServiceConfig {
  return loadServiceConfig(env, {
    service: 'billing-service',
    port: 3004,
    database: 'billing_service',
  });
}
