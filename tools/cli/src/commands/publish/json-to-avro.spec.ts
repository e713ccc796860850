import { avroTypeOptions, schemaDescriptors } from '@logisync/canonical-events';
import avro from 'avsc';
import { jsonToAvro } from './json-to-avro';

const typeOf = (eventType: string) => {
  const d = schemaDescriptors.find((s) => s.eventType === eventType)!;
  return avro.Type.forSchema(d.schema as avro.Schema, { ...avroTypeOptions });
};

const meta = {
  eventId: '6f1c6f54-3f7b-4b7e-9a59-2f1f1b9c0c11',
  eventType: 'OrderPicked',
  schemaVersion: 1,
  occurredAt: '2026-11-27T10:00:00Z',
  recordedAt: '2026-11-27T10:00:01Z',
  producer: 'wms',
  correlationId: 'o-1',
  causationId: null,
  tenant: 'acme',
  region: 'eu-west',
  retractsEventId: null,
};

describe('jsonToAvro', () => {
  const type = typeOf('OrderPicked');

  it('reads ISO times into Dates and gives a value the schema accepts', () => {
    const event = {
      meta,
      orderId: 'o-1',
      warehouseId: 'w',
      lines: [{ sku: 'A', quantityPicked: 2 }],
      shortPicked: false,
    };
    const { value, problems } = jsonToAvro(type, event);
    expect(problems).toEqual([]);
    expect(type.isValid(value)).toBe(true);
    expect((value as { meta: { occurredAt: Date } }).meta.occurredAt).toEqual(
      new Date('2026-11-27T10:00:00Z'),
    );
  });

  it('reports every problem by its field path', () => {
    const event = {
      meta: { ...meta, occurredAt: 'yesterday' },
      orderId: 7,
      lines: [{ sku: 'A', quantityPicked: 1.5 }],
      shortPicked: false,
      colour: 'red',
    };
    const { problems } = jsonToAvro(type, event);
    expect(problems.map((p) => p.path).sort()).toEqual(
      ['colour', 'lines[0].quantityPicked', 'meta.occurredAt', 'orderId', 'warehouseId'].sort(),
    );
    expect(problems.find((p) => p.path === 'warehouseId')!.problem).toBe('missing (required)');
  });
});
