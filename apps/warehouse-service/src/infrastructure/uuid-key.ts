// What PostgreSQL's uuid input accepts: 32 hex digits, a hyphen allowed after any group of four,
// the whole optionally in braces, any case.
const accepted = /^(\{[0-9a-f]{4}(-?[0-9a-f]{4}){7}\}|[0-9a-f]{4}(-?[0-9a-f]{4}){7})$/i;

/**
 * A uuid as a uuid column stores and returns it (lowercase, hyphenated), so ids compare as the
 * database compares them; null for a string the column would refuse.
 */
export function uuidKey(id: string): string | null {
  if (!accepted.test(id)) return null;
  const hex = id.replace(/[{}-]/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The keys of the ids a uuid column accepts, once each; the others can match no row. */
export function uuidKeys(ids: readonly string[]): string[] {
  return [...new Set(ids.map(uuidKey).filter((k): k is string => k !== null))];
}
