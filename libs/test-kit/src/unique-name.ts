import { randomBytes } from 'node:crypto';

/** A name no other test file or run uses: topics, groups and databases are never shared. */
export function uniqueName(prefix: string): string {
  const slug = prefix.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return `${slug}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}
