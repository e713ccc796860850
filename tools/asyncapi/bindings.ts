/** Kafka bindings 0.5.0, the newest the AsyncAPI 3.0.0 specification knows. */
export const KAFKA_BINDING_VERSION = '0.5.0';

export type JsonObject = Record<string, unknown>;

export function kafka(binding: JsonObject): { kafka: JsonObject } {
  return { kafka: { ...binding, bindingVersion: KAFKA_BINDING_VERSION } };
}

/** A string schema fixed to one value, as bindings express a consumer group id. */
export function constantString(value: string, description?: string): JsonObject {
  return { type: 'string', enum: [value], ...(description ? { description } : {}) };
}
