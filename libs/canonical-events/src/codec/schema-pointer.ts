/**
 * Registries report incompatibilities as JSON pointers into the schema (/fields/9/type/1);
 * people need the field path (proofOfDelivery). Resolves a pointer against the schema.
 */
export function fieldPathOf(schema: unknown, pointer: string): string {
  const names: string[] = [];
  let node: unknown = schema;
  const segments = pointer.split('/').filter(Boolean);
  for (let i = 0; i < segments.length; i++) {
    if (node === null || typeof node !== 'object') break;
    const segment = segments[i];
    if (segment === 'fields' && Array.isArray((node as { fields?: unknown }).fields)) {
      const field = (node as { fields: { name: string }[] }).fields[Number(segments[i + 1])];
      if (!field) break;
      names.push(field.name);
      node = field;
      i += 1;
    } else {
      node = (node as Record<string, unknown>)[segment];
    }
  }
  return names.join('.');
}

/** Replaces every "/fields/..." pointer in a registry message with the field path it names. */
export function withFieldPaths(message: string, schema: unknown): string {
  return message.replace(/(\/fields\/[\w/]+)/g, (pointer) => {
    const path = fieldPathOf(schema, pointer);
    return path ? `field '${path}' (${pointer})` : pointer;
  });
}
