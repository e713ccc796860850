import { schemaDescriptors } from '../generated';
import type { SchemaDescriptor } from './event-codec';
import type { CompatibilityLevel, SchemaRegistryPort } from './schema-registry.port';

export interface RegistrationResult {
  subject: string;
  version: number;
  schemaId: number;
}

/** The project's choice: new readers read old events (replay) and old readers new ones (rolling deploys). */
export const subjectCompatibility: CompatibilityLevel = 'FULL_TRANSITIVE';

/**
 * Registers every schema version in order under its record-name subject. Registering what is
 * already there is a no-op that returns the same id; an incompatible schema fails with the
 * registry's reason.
 */
export async function registerSchemas(
  registry: SchemaRegistryPort,
  descriptors: readonly SchemaDescriptor[] = schemaDescriptors,
  onRegistered: (result: RegistrationResult) => void = () => undefined,
): Promise<RegistrationResult[]> {
  const ordered = [...descriptors].sort(
    (a, b) => a.fullName.localeCompare(b.fullName) || a.version - b.version,
  );
  const results: RegistrationResult[] = [];
  for (const d of ordered) {
    const schemaId = await registry.register(d.fullName, d.schema, subjectCompatibility);
    const result = { subject: d.fullName, version: d.version, schemaId };
    results.push(result);
    onRegistered(result);
  }
  return results;
}
