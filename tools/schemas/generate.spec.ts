import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as avro from 'avsc';
import { schemaDescriptors } from '@logisync/canonical-events';
import { REPO_ROOT, loadSchemas } from './load-schemas';
import { renderTypes } from './typescript-types';

describe('generated code', () => {
  it('is current: schemas:gen --check finds no stale file', () => {
    const result = spawnSync(
      path.join(REPO_ROOT, 'node_modules/.bin/tsx'),
      [path.join(REPO_ROOT, 'tools/schemas/generate.ts'), '--check'],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('describes every event version, ordered by full name then version', () => {
    const events = loadSchemas().events;
    expect(schemaDescriptors.map((d) => [d.fullName, d.version])).toEqual(
      events.map((e) => [e.fullName, e.version]),
    );
    for (const [i, descriptor] of schemaDescriptors.entries()) {
      expect(descriptor.schema).toEqual(events[i].schema);
      expect(avro.Type.forSchema(descriptor.schema as avro.Schema).name).toBe(descriptor.fullName);
    }
  });
});

describe('renderTypes', () => {
  const schema = {
    type: 'record',
    name: 'Sample',
    namespace: 'test',
    doc: 'A sample.',
    fields: [
      { name: 'at', doc: 'Time.', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'count', doc: 'Count.', type: 'int' },
      { name: 'blob', doc: 'Bytes.', type: 'bytes' },
      { name: 'tags', doc: 'Tags.', type: { type: 'array', items: 'string' } },
      {
        name: 'mood',
        doc: 'Mood.',
        type: {
          type: 'enum',
          name: 'Mood',
          doc: 'Moods.',
          symbols: ['UNKNOWN', 'OK'],
          default: 'UNKNOWN',
        },
      },
      {
        name: 'where',
        doc: 'Where.',
        type: [
          'null',
          {
            type: 'record',
            name: 'Spot',
            doc: 'A spot.',
            fields: [{ name: 'x', doc: 'X.', type: 'double' }],
          },
        ],
        default: null,
      },
      { name: 'again', doc: 'Again.', type: ['null', 'test.Spot'], default: null },
    ],
  };

  it('maps Avro to TypeScript with prefixed nested names', () => {
    const rendered = renderTypes(schema, {
      topName: 'SampleV3',
      localPrefix: 'SampleV3',
      shared: new Map(),
    });
    expect(rendered.exported).toEqual(['SampleV3', 'SampleV3Mood', 'SampleV3Spot']);
    expect(rendered.declarations[0]).toContain('at: Date;');
    expect(rendered.declarations[0]).toContain('count: number;');
    expect(rendered.declarations[0]).toContain('blob: Buffer;');
    expect(rendered.declarations[0]).toContain('tags: string[];');
    expect(rendered.declarations[0]).toContain('where: SampleV3Spot | null;');
    expect(rendered.declarations[0]).toContain('again: SampleV3Spot | null;');
    expect(rendered.declarations[1]).toBe(
      "/** Moods. */\nexport type SampleV3Mood = 'UNKNOWN' | 'OK';",
    );
  });

  it('imports shared types instead of declaring them', () => {
    const shared = new Map([['test.Spot', { tsName: 'Spot', module: 'common/types/spot' }]]);
    const rendered = renderTypes(schema, { topName: 'SampleV3', localPrefix: 'SampleV3', shared });
    expect(rendered.exported).toEqual(['SampleV3', 'SampleV3Mood']);
    expect(rendered.imports).toEqual(new Map([['common/types/spot', new Set(['Spot'])]]));
  });
});
