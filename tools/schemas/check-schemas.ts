import * as avro from 'avsc';
import type { AvroObject } from './avro-json';
import { findIncompatibilities } from './compatibility';
import { LoadOptions, loadSchemas } from './load-schemas';

/** One registered version of a subject (the record's full name: record-name subject strategy). */
export interface SubjectVersion {
  fullName: string;
  version: number;
  schema: AvroObject;
  /** How the version is named in messages; "v2" unless it comes from a baseline. */
  label?: string;
}

export interface CheckResult {
  subjects: number;
  pairs: number;
  problems: string[];
}

export interface CheckOptions extends LoadOptions {
  /** A schemas/ tree as released (e.g. the main branch's): every version in it stays compatible. */
  baseline?: string;
}

/** FULL_TRANSITIVE: every pair of versions of a subject, each direction, reader against writer. */
export function checkSubjectVersions(versions: SubjectVersion[]): CheckResult {
  const bySubject = new Map<string, SubjectVersion[]>();
  for (const v of versions) bySubject.set(v.fullName, [...(bySubject.get(v.fullName) ?? []), v]);
  const result: CheckResult = { subjects: bySubject.size, pairs: 0, problems: [] };
  for (const [subject, list] of [...bySubject].sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = [...list].sort((a, b) => a.version - b.version);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        result.pairs++;
        result.problems.push(
          ...checkDirection(subject, sorted[i], sorted[j]),
          ...checkDirection(subject, sorted[j], sorted[i]),
        );
      }
    }
  }
  return result;
}

/** Data written with `writer` read by a consumer holding `reader`. */
export function checkDirection(
  subject: string,
  writer: SubjectVersion,
  reader: SubjectVersion,
): string[] {
  const w = writer.label ?? `v${writer.version}`;
  const r = reader.label ?? `v${reader.version}`;
  const kind =
    writer.version < reader.version
      ? 'backward: '
      : writer.version > reader.version
        ? 'forward: '
        : '';
  const prefix = `${subject} ${w}->${r} (${kind}${r} reads data written with ${w}): `;
  const explicit = findIncompatibilities(reader.schema, writer.schema).map(
    (issue) => prefix + issue.message,
  );
  if (explicit.length) return explicit;
  // The rules above are the stricter ones; avsc still gets a say so nothing either side misses slips by.
  try {
    avro.Type.forSchema(reader.schema as avro.Schema).createResolver(
      avro.Type.forSchema(writer.schema as avro.Schema),
    );
    return [];
  } catch (error) {
    return [`${prefix}avsc cannot resolve: ${(error as Error).message}`];
  }
}

/** Loads schemas/ (plus any extra files) and checks every subject; with a baseline, against it as well. */
export function checkSchemas(options: CheckOptions = {}): CheckResult {
  const current: SubjectVersion[] = loadSchemas(options).events;
  if (!options.baseline) return checkSubjectVersions(current);
  const released: SubjectVersion[] = loadSchemas({ root: options.baseline }).events.map((e) => ({
    ...e,
    label: `released v${e.version}`,
  }));
  const result = checkSubjectVersions(current);
  for (const old of released) {
    const now = current.filter((c) => c.fullName === old.fullName);
    if (!now.some((c) => c.version === old.version)) {
      result.problems.push(
        `${old.fullName}: ${old.label} was removed; released versions stay in schemas/`,
      );
    }
    for (const c of now) {
      result.pairs++;
      result.problems.push(
        ...checkDirection(old.fullName, old, c),
        ...checkDirection(old.fullName, c, old),
      );
    }
  }
  return result;
}
