import { stackEndpoints } from '@logisync/test-kit';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { loadSchemas } from '../load-schemas';
import {
  ConfluentSchemaRegistryAdapter,
  EventCodec,
  SchemaIncompatibleError,
  registerSchemas,
  sampleEvent,
  schemaDescriptors,
  type ShipmentDeliveredV1,
  type ShipmentDeliveredV2,
} from '@logisync/canonical-events';

const root = join(__dirname, '../../..');
const fixtures = join(root, 'libs/canonical-events/test/fixtures/incompatible-schemas');
const registry = new ConfluentSchemaRegistryAdapter({ url: stackEndpoints.registryUrl });
const withoutV2 = schemaDescriptors.filter(
  (d) => !(d.eventType === 'ShipmentDelivered' && d.version === 2),
);

describe('ShipmentDelivered v1 -> v2 evolution through the real registry', () => {
  beforeAll(async () => {
    await registerSchemas(registry);
  });

  it('lets a v2 reader read what a v1 writer wrote, with the new fields at their defaults', async () => {
    const v1Writer = new EventCodec(registry, { descriptors: withoutV2 });
    const v2 = sampleEvent('ShipmentDelivered');
    const v1: ShipmentDeliveredV1 = {
      ...v2,
      proofOfDelivery: { receivedBy: 'Dock 4', podReference: 'POD-1' },
    };
    const { value } = await v1Writer.encode('ShipmentDelivered', v1 as never);
    const { event } = await new EventCodec(registry).decode(value);
    expect((event as ShipmentDeliveredV2).proofOfDelivery).toEqual({
      receivedBy: 'Dock 4',
      podReference: 'POD-1',
      signedBy: null,
      photoUrl: null,
      geo: null,
    });
  });

  it('lets a v1 reader read what a v2 writer wrote, without the fields it does not know', async () => {
    const v2: ShipmentDeliveredV2 = {
      ...sampleEvent('ShipmentDelivered'),
      proofOfDelivery: {
        receivedBy: 'Dock 4',
        podReference: 'POD-2',
        signedBy: 'A. Jones',
        photoUrl: 'https://pod.example/2.jpg',
        geo: { lat: 52.52, lon: 13.4 },
      },
    };
    const { value } = await new EventCodec(registry).encode('ShipmentDelivered', v2);
    const v1Reader = new EventCodec(registry, { readerVersions: { ShipmentDelivered: 1 } });
    const { event } = await v1Reader.decode(value);
    expect((event as unknown as ShipmentDeliveredV1).proofOfDelivery).toEqual({
      receivedBy: 'Dock 4',
      podReference: 'POD-2',
    });
  });

  it('has the registry refuse the incompatible fixture with a 409 naming the field', async () => {
    const loaded = loadSchemas({ extra: [fixtures] });
    const v3 = loaded.events.find((e) => e.eventType === 'ShipmentDelivered' && e.version === 3)!;
    const attempt = registry.register(v3.fullName, v3.schema, 'FULL_TRANSITIVE');
    await expect(attempt).rejects.toThrow(SchemaIncompatibleError);
    await expect(registry.register(v3.fullName, v3.schema, 'FULL_TRANSITIVE')).rejects.toThrow(
      /field 'proofOfDelivery'/,
    );
  });

  it('has schemas:check refuse the incompatible fixture, naming the field', () => {
    let output = '';
    try {
      execFileSync('npx', ['tsx', 'tools/schemas/check.ts', fixtures], {
        cwd: root,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (error) {
      const e = error as { status: number; stdout: string; stderr: string };
      expect(e.status).not.toBe(0);
      output = `${e.stdout}${e.stderr}`;
    }
    expect(output).toMatch(/proofOfDelivery\.signedBy/);
  });
});
