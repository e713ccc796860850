import * as avro from 'avsc';
import { SchemaLoadError, loadSchemas } from './load-schemas';
import {
  eventRecord,
  meta,
  orderId,
  readRepoSchema,
  removeSchemaTrees,
  schemaTree,
} from './schema-tree.test-helper';

afterAll(removeSchemaTrees);

function problemsOf(files: Record<string, unknown>): string[] {
  try {
    loadSchemas({ root: schemaTree(files) });
  } catch (error) {
    if (error instanceof SchemaLoadError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadSchemas on the repository', () => {
  const loaded = loadSchemas();

  it('describes every event version', () => {
    const delivered = loaded.events.find(
      (e) => e.eventType === 'ShipmentDelivered' && e.version === 2,
    );
    expect(delivered).toMatchObject({
      eventType: 'ShipmentDelivered',
      domain: 'transport',
      fullName: 'logisync.transport.ShipmentDelivered',
      version: 2,
      file: 'schemas/transport/shipment-delivered.v2.avsc',
    });
    expect(
      loaded.events.filter((e) => e.eventType === 'ShipmentDelivered').map((e) => e.version),
    ).toEqual([1, 2]);
  });

  it('inlines each named type once, at first use, and refers to it by full name afterwards', () => {
    const delivered = loaded.events.find(
      (e) => e.eventType === 'ShipmentDelivered' && e.version === 2,
    )!;
    const text = JSON.stringify(delivered.schema);
    expect(text.match(/"name":"GeoPoint"/g)).toHaveLength(1);
    expect(text).toContain('"type":["null","logisync.common.GeoPoint"]');
  });

  it('produces schemas any Avro library can use alone', () => {
    for (const event of loaded.events) {
      const type = avro.Type.forSchema(event.schema as avro.Schema);
      expect(type.name).toBe(event.fullName);
    }
  });
});

describe('loadSchemas validation', () => {
  it('accepts a valid additional event', () => {
    expect(problemsOf({ 'order/order-noted.v1.avsc': eventRecord('order', 'OrderNoted') })).toEqual(
      [],
    );
  });

  it('rejects an unknown type reference', () => {
    const event = eventRecord('order', 'OrderNoted', [
      { name: 'where', type: 'logisync.common.Nowhere', doc: 'x' },
    ]);
    expect(problemsOf({ 'order/order-noted.v1.avsc': event })).toEqual([
      expect.stringContaining("unknown type reference logisync.common.Nowhere at 'where'"),
    ]);
  });

  it('rejects a duplicate definition of a shared type', () => {
    const geo = {
      type: 'record',
      name: 'GeoPoint',
      doc: 'Again.',
      fields: [{ name: 'lat', type: 'double', doc: 'x' }],
    };
    const event = eventRecord('common', 'SomethingSeen', [{ name: 'geo', type: geo, doc: 'x' }]);
    expect(problemsOf({ 'common/something-seen.v1.avsc': event })).toEqual([
      expect.stringContaining('duplicate definition of logisync.common.GeoPoint'),
    ]);
  });

  it('rejects a local type defined by two different events', () => {
    const note = {
      type: 'record',
      name: 'Note',
      doc: 'A note.',
      fields: [{ name: 'text', type: 'string', doc: 'x' }],
    };
    const problems = problemsOf({
      'order/order-noted.v1.avsc': eventRecord('order', 'OrderNoted', [
        { name: 'note', type: note, doc: 'x' },
      ]),
      'order/order-annotated.v1.avsc': eventRecord('order', 'OrderAnnotated', [
        { name: 'note', type: note, doc: 'x' },
      ]),
    });
    expect(problems).toEqual([
      expect.stringContaining('duplicate definition of logisync.order.Note'),
    ]);
  });

  it('rejects a file name that does not match the record name', () => {
    expect(problemsOf({ 'order/order-noted.v1.avsc': eventRecord('order', 'OrderNotes') })).toEqual(
      [expect.stringContaining('file name/record name mismatch')],
    );
  });

  it('rejects missing docs', () => {
    const event = eventRecord('order', 'OrderNoted', [{ name: 'text', type: 'string' }]);
    delete event.doc;
    const problems = problemsOf({ 'order/order-noted.v1.avsc': event });
    expect(problems).toEqual([
      expect.stringContaining('logisync.order.OrderNoted has no doc'),
      expect.stringContaining("field 'text' of logisync.order.OrderNoted has no doc"),
    ]);
  });

  it('rejects an enum without the UNKNOWN default', () => {
    const mood = { type: 'enum', name: 'Mood', doc: 'x', symbols: ['HAPPY', 'SAD'] };
    const event = eventRecord('order', 'OrderNoted', [{ name: 'mood', type: mood, doc: 'x' }]);
    expect(problemsOf({ 'order/order-noted.v1.avsc': event })).toEqual([
      expect.stringContaining(
        'enum logisync.order.Mood must list the symbol UNKNOWN first or last and declare "default": "UNKNOWN"',
      ),
    ]);
  });

  it('rejects optional unions that are not null-first with a null default', () => {
    const event = eventRecord('order', 'OrderNoted', [
      { name: 'late', type: ['string', 'null'], default: 'x', doc: 'x' },
      { name: 'bare', type: ['null', 'string'], doc: 'x' },
    ]);
    expect(problemsOf({ 'order/order-noted.v1.avsc': event })).toEqual([
      expect.stringContaining('late: a union must be ["null", T] (null first)'),
      expect.stringContaining('bare: optional field ["null", T] must have "default": null'),
    ]);
  });

  it('rejects a version gap', () => {
    const problems = problemsOf({
      'order/order-noted.v1.avsc': eventRecord('order', 'OrderNoted'),
      'order/order-noted.v3.avsc': eventRecord('order', 'OrderNoted'),
    });
    expect(problems).toEqual(['version gap: logisync.order.OrderNoted has v1, v3 but no v2']);
  });

  it('rejects an event whose first field is not meta, or that lacks its key', () => {
    const event = { ...eventRecord('order', 'OrderNoted'), fields: [orderId, meta] };
    expect(problemsOf({ 'order/order-noted.v1.avsc': event })).toEqual([
      expect.stringContaining('the first field must be "meta"'),
    ]);
    const carrier = { ...eventRecord('carrier', 'ParcelScanned'), fields: [meta] };
    expect(problemsOf({ 'carrier/parcel-scanned.v1.avsc': carrier })).toEqual([
      expect.stringContaining('needs a top-level "trackingNumber"'),
    ]);
  });

  it('rejects money and times that break the conventions', () => {
    const event = eventRecord('order', 'OrderNoted', [
      { name: 'feeMinor', type: 'int', doc: 'x' },
      { name: 'notedAt', type: 'long', doc: 'x' },
    ]);
    expect(problemsOf({ 'order/order-noted.v1.avsc': event })).toEqual([
      expect.stringContaining('feeMinor: money (a field named *Minor) must be a long'),
      expect.stringContaining('feeMinor: money (a field named *Minor) needs a currency field'),
      expect.stringContaining('notedAt: a time (a field named *At) must be'),
    ]);
  });

  it('lists every problem of a broken file at once, with the file', () => {
    const broken = readRepoSchema('transport/shipment-delivered.v2.avsc');
    delete broken.fields[2].doc;
    broken.fields[2].type = 'logisync.transport.Missing';
    const problems = problemsOf({ 'transport/shipment-delivered.v2.avsc': broken });
    expect(problems).toHaveLength(2);
    expect(problems.every((p) => p.includes('transport/shipment-delivered.v2.avsc'))).toBe(true);
  });
});
