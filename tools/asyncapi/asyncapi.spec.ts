import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as avro from 'avsc';
import { parse, stringify } from 'yaml';
import { schemaDescriptors, topicCatalogue } from '@logisync/canonical-events';
import { firstDifference } from './first-difference';
import { DEAD_LETTER_MESSAGE_ID } from './messages';
import { REPO_ROOT, readCommittedAsyncApi, renderAsyncApi } from './render-asyncapi';
import { describeDiagnostic, validateAsyncApi, type AsyncApiReport } from './validate-asyncapi';

jest.setTimeout(60_000);

const eventTypes = [...new Set(schemaDescriptors.map((d) => d.eventType))].sort();

describe('docs/asyncapi.yaml', () => {
  let generated: string;
  let report: AsyncApiReport;

  beforeAll(async () => {
    generated = await renderAsyncApi();
    report = await validateAsyncApi(generated);
  });

  it('is valid AsyncAPI 3.0.0: @asyncapi/parser reports no error', () => {
    expect(report.errors.map(describeDiagnostic)).toEqual([]);
  });

  it('has a channel per catalogue topic, with the event types of that topic', () => {
    const expected = Object.fromEntries(
      topicCatalogue.map((t) => [
        t.name,
        t.kind === 'dead-letters' ? [DEAD_LETTER_MESSAGE_ID] : [...t.eventTypes],
      ]),
    );
    expect(report.channels).toEqual(expected);
  });

  it('has a message per event type, and the dead letter', () => {
    expect(report.messages).toEqual([...eventTypes, DEAD_LETTER_MESSAGE_ID].sort());
  });

  it('gives each message the newest schema version, which avsc accepts under its full name', () => {
    const messages = parse(generated).components.messages;
    for (const eventType of eventTypes) {
      const versions = schemaDescriptors.filter((d) => d.eventType === eventType);
      const newest = versions.reduce((a, b) => (b.version > a.version ? b : a));
      const payload = messages[eventType].payload;
      expect(payload.schema).toEqual(newest.schema);
      expect(avro.Type.forSchema(payload.schema).name).toBe(newest.fullName);
      expect(messages[eventType]['x-schema-versions']).toEqual(versions.map((v) => v.version));
    }
  });

  it('is current: the committed file is what asyncapi:gen writes', () => {
    const committed = readCommittedAsyncApi();
    expect(committed).not.toBeNull();
    if (committed !== generated) {
      throw new Error(`stale, run npm run asyncapi:gen: ${firstDifference(committed!, generated)}`);
    }
  });

  it('fails validation on a malformed Avro payload, even without an Avro schema parser', async () => {
    const broken = parse(generated);
    broken.components.messages.OrderReleased.payload.schema.fields[0] = { type: 42 };
    const { errors } = await validateAsyncApi(stringify(broken, { aliasDuplicateObjects: false }));
    expect(errors.map((d) => d.path.join('.'))).toContain(
      'components.messages.OrderReleased.payload.schema.fields.0',
    );
  });
});

describe('asyncapi:gen --check', () => {
  it('exits 0 when docs/asyncapi.yaml is current', () => {
    const result = spawnSync(
      path.join(REPO_ROOT, 'node_modules/.bin/tsx'),
      [path.join(REPO_ROOT, 'tools/asyncapi/generate.ts'), '--check'],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('firstDifference', () => {
  it('names the first differing line', () => {
    expect(firstDifference('a\nb\nc', 'a\nx\nc')).toBe('line 2: expected "x", found "b"');
    expect(firstDifference('a', 'a\nb')).toBe('line 2: expected "b", found end of file');
  });
});
