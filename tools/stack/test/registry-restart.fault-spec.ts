// Restarts the shared registry: a fault test, run alone after the integration tests so no
// other suite sees the registry go away.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { stackEndpoints, uniqueName } from '@logisync/test-kit';

const run = promisify(execFile);
const stackCli = path.resolve(__dirname, '../stack.mjs');

describe('the schema registry', () => {
  it('keeps schema ids across a restart (PostgreSQL storage)', async () => {
    const name = `Ping_${uniqueName('r')}`;
    const schema = JSON.stringify({
      type: 'record',
      name,
      namespace: 'logisync.stacktest',
      fields: [
        { name: 'orderId', type: 'string' },
        { name: 'qty', type: 'int' },
      ],
    });
    const register = async (registry: SchemaRegistry) =>
      (
        await registry.register(
          { type: SchemaType.AVRO, schema },
          {
            subject: `logisync.stacktest.${name}`,
            compatibility: COMPATIBILITY.BACKWARD_TRANSITIVE,
          },
        )
      ).id;
    const id = await register(new SchemaRegistry({ host: stackEndpoints.registryUrl }));
    const encoded = await new SchemaRegistry({ host: stackEndpoints.registryUrl }).encode(id, {
      orderId: 'o-2',
      qty: 7,
    });

    await run(process.execPath, [stackCli, 'restart', 'registry'], { timeout: 180_000 });

    const fresh = new SchemaRegistry({ host: stackEndpoints.registryUrl });
    expect(await fresh.decode(encoded)).toEqual({ orderId: 'o-2', qty: 7 });
    expect(await register(fresh)).toBe(id);
  }, 180_000);
});
