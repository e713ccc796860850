import type { ConsumerRunner } from '../consumer/consumer-runner';

export const EVENT_RUNTIME_OPTIONS = Symbol('EVENT_RUNTIME_OPTIONS');
export const CONSUMER_RUNNER_REF = Symbol('CONSUMER_RUNNER_REF');
/** The service's kafkajs client. */
export const KAFKA = Symbol('KAFKA');

/** Filled in when the transport starts the loop; the admin endpoint reads it. */
export interface ConsumerRunnerRef {
  current?: ConsumerRunner;
}

/** The service's prom-client registry (EventRuntimeOptions.metricsRegistry), for its own metrics. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
