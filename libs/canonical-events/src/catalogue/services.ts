/** The bounded contexts that own state and consume milestone streams. */
export const serviceNames = [
  'order-service',
  'warehouse-service',
  'transport-service',
  'billing-service',
  'control-tower',
] as const;

export type ServiceName = (typeof serviceNames)[number];

export function isServiceName(value: string): value is ServiceName {
  return (serviceNames as readonly string[]).includes(value);
}

/** One consumer group per service, named after it. */
export function consumerGroupOf(service: ServiceName): string {
  return service;
}

/** Each consuming service has its own dead-letter topic. */
export function deadLetterTopicOf(service: ServiceName): string {
  return `${service}.dlq.v1`;
}
