/**
 * npm run schemas:register [-- --url <ccompat base url>] [--dry-run]
 * Registers every schema version in schemas/ under its record-name subject with
 * FULL_TRANSITIVE compatibility; the registry refuses an incompatible one with its reason.
 */
import {
  ConfluentSchemaRegistryAdapter,
  registerSchemas,
  schemaDescriptors,
  subjectCompatibility,
} from '@logisync/canonical-events';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    url: {
      type: 'string',
      default: process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7',
    },
    'dry-run': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

async function main(): Promise<number> {
  if (values.help) {
    console.log('Usage: npm run schemas:register -- [--url <base url>] [--dry-run]');
    console.log('Env: SCHEMA_REGISTRY_URL (default http://127.0.0.1:8081/apis/ccompat/v7)');
    return 0;
  }
  if (values['dry-run']) {
    for (const d of schemaDescriptors) console.log(`would register ${d.fullName} v${d.version}`);
    return 0;
  }
  const registry = new ConfluentSchemaRegistryAdapter({ url: values.url! });
  console.log(
    `Registering ${schemaDescriptors.length} schema versions at ${values.url} (${subjectCompatibility})`,
  );
  try {
    await registerSchemas(registry, schemaDescriptors, (r) =>
      console.log(`  ${r.subject.padEnd(48)} v${r.version}  id ${r.schemaId}`),
    );
  } catch (error) {
    console.error(`\nRegistration failed: ${(error as Error).message}`);
    return 1;
  }
  console.log('All schemas registered.');
  return 0;
}

main().then((code) => process.exit(code));
