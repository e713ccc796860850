import { EnvReader } from '@logisync/event-runtime';

export interface SimulatorEndpoints {
  orderUrl: string;
  warehouseUrl: string;
  transportUrl: string;
  billingUrl: string;
  kafkaBrokers: string[];
  registryUrl: string;
}

/** The only place the simulator reads its environment: where the services and the stack are. */
export function loadEndpoints(
  env: Record<string, string | undefined> = process.env,
): SimulatorEndpoints {
  const read = new EnvReader(env);
  const http = ['http:', 'https:'];
  const endpoints: SimulatorEndpoints = {
    orderUrl: read.url('ORDER_SERVICE_URL', 'http://127.0.0.1:3001', http),
    warehouseUrl: read.url('WAREHOUSE_SERVICE_URL', 'http://127.0.0.1:3002', http),
    transportUrl: read.url('TRANSPORT_SERVICE_URL', 'http://127.0.0.1:3003', http),
    billingUrl: read.url('BILLING_SERVICE_URL', 'http://127.0.0.1:3004', http),
    kafkaBrokers: read.list('KAFKA_BROKERS', '127.0.0.1:9092'),
    registryUrl: read.url('SCHEMA_REGISTRY_URL', 'http://127.0.0.1:8081/apis/ccompat/v7', http),
  };
  read.done();
  return endpoints;
}
