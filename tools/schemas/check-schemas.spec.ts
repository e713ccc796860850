import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { AvroObject } from './avro-json';
import { checkDirection, checkSchemas, checkSubjectVersions } from './check-schemas';
import { findIncompatibilities } from './compatibility';
import { REPO_ROOT, SCHEMAS_DIR, loadSchemas } from './load-schemas';
import { readRepoSchema, removeSchemaTrees, schemaTree } from './schema-tree.test-helper';

const INCOMPATIBLE_FIXTURE = path.join(
  REPO_ROOT,
  'libs/canonical-events/test/fixtures/incompatible-schemas',
);

afterAll(removeSchemaTrees);

const record = (fields: object[], extra: object = {}): AvroObject =>
  ({ type: 'record', name: 'R', namespace: 'test', fields, ...extra }) as AvroObject;
const enumField = (symbols: string[], extra: object = {}) =>
  record([{ name: 'state', type: { type: 'enum', name: 'State', symbols, ...extra } }]);

describe('checkSchemas', () => {
  it('passes on the repository schemas', () => {
    const result = checkSchemas();
    expect(result.problems).toEqual([]);
    expect(result.pairs).toBeGreaterThanOrEqual(1);
  });

  it('passes ShipmentDelivered v1 <-> v2 in both directions', () => {
    const [v1, v2] = loadSchemas().events.filter((e) => e.eventType === 'ShipmentDelivered');
    expect(checkDirection(v1.fullName, v1, v2)).toEqual([]);
    expect(checkDirection(v1.fullName, v2, v1)).toEqual([]);
  });

  it('fails on the incompatible fixture, naming subject, versions, direction and field', () => {
    const { problems } = checkSchemas({ extra: [INCOMPATIBLE_FIXTURE] });
    expect(problems).toContain(
      'logisync.transport.ShipmentDelivered v1->v3 (backward: v3 reads data written with v1): ' +
        "reader field 'proofOfDelivery.signedBy' has no default and is missing from the writer",
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/v2->v3 .*field 'proofOfDelivery\.signedBy': writer type null/),
    );
  });

  it('with a baseline, fails when a shared type changes incompatibly under released versions', () => {
    const geo = readRepoSchema('common/types/geo-point.avsc');
    geo.fields.push({
      name: 'altitudeM',
      type: 'double',
      doc: 'Altitude; required: breaks old data.',
    });
    const root = schemaTree({ 'common/types/geo-point.avsc': geo });
    expect(checkSchemas({ root }).problems).toEqual([]);
    const { problems } = checkSchemas({ root, baseline: SCHEMAS_DIR });
    expect(problems).toContainEqual(
      expect.stringContaining("reader field 'location.geo.altitudeM' has no default"),
    );
  });

  it('with a baseline, fails when a released version disappears', () => {
    const root = schemaTree({ 'transport/shipment-delivered.v2.avsc': null });
    expect(checkSchemas({ root, baseline: SCHEMAS_DIR }).problems).toContain(
      'logisync.transport.ShipmentDelivered: released v2 was removed; released versions stay in schemas/',
    );
  });
});

describe('findIncompatibilities', () => {
  it('fails an enum symbol removal when the reader has no default', () => {
    expect(findIncompatibilities(enumField(['A']), enumField(['A', 'B']))).toEqual([
      {
        path: 'state',
        message:
          "field 'state': enum test.State: writer symbol(s) B missing from the reader, which has no default symbol",
      },
    ]);
  });

  it('accepts unknown symbols when the reader enum has a default', () => {
    const reader = enumField(['UNKNOWN', 'A'], { default: 'UNKNOWN' });
    expect(
      findIncompatibilities(reader, enumField(['UNKNOWN', 'A', 'B'], { default: 'UNKNOWN' })),
    ).toEqual([]);
  });

  it('reports fields added without a default, type changes and renames without aliases', () => {
    const base = record([{ name: 'a', type: 'int' }]);
    expect(
      findIncompatibilities(
        record([
          { name: 'a', type: 'int' },
          { name: 'b', type: 'string' },
        ]),
        base,
      ),
    ).toEqual([
      { path: 'b', message: "reader field 'b' has no default and is missing from the writer" },
    ]);
    expect(findIncompatibilities(record([{ name: 'a', type: 'string' }]), base)[0].message).toBe(
      "field 'a': type changed: writer int cannot be read as string",
    );
    expect(
      findIncompatibilities(record([{ name: 'a', type: 'int' }], { name: 'S' }), base)[0].message,
    ).toContain('named type renamed: writer test.R is read as test.S, which has no alias for it');
    expect(
      findIncompatibilities(
        record([{ name: 'a', type: 'int' }], { name: 'S', aliases: ['R'] }),
        base,
      ),
    ).toEqual([]);
  });

  it('allows promotions one way only, which FULL compatibility then rejects', () => {
    const asInt = { fullName: 'test.R', version: 1, schema: record([{ name: 'a', type: 'int' }]) };
    const asLong = {
      fullName: 'test.R',
      version: 2,
      schema: record([{ name: 'a', type: 'long' }]),
    };
    expect(checkSubjectVersions([asInt, asLong]).problems).toEqual([
      "test.R v2->v1 (forward: v1 reads data written with v2): field 'a': type changed: writer long cannot be read as int",
    ]);
  });

  it('reports a logical type change that avsc lets through', () => {
    const millis = record([
      { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    ]);
    expect(findIncompatibilities(millis, record([{ name: 'at', type: 'long' }]))[0].message).toBe(
      "field 'at': logical type changed: writer long, reader long(timestamp-millis)",
    );
  });
});

describe('check.ts', () => {
  const tsx = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
  const run = (...args: string[]) =>
    spawnSync(tsx, [path.join(REPO_ROOT, 'tools/schemas/check.ts'), ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });

  it('exits 0 on the repository and 1 with the incompatible fixture added', () => {
    expect(run().status).toBe(0);
    const failed = run(INCOMPATIBLE_FIXTURE);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain("'proofOfDelivery.signedBy'");
  });
});
