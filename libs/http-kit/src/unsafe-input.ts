import type { FieldError } from './problem';

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * What no field of any request may hold, whatever its DTO says: a NUL character (PostgreSQL
 * text cannot store it: a 500 after the checks passed), a number beyond 2^53 (JSON parses it
 * imprecisely; bigint columns overflow), and keys that address an object's prototype (they
 * slip past the unknown-property check).
 */
export function unsafeInput(value: unknown, path: string): FieldError[] {
  if (typeof value === 'string') {
    return value.includes('\u0000') ? [{ field: path, messages: [`${path} holds a NUL`] }] : [];
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER
      ? []
      : [{ field: path, messages: [`${path} is out of range`] }];
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((key) => {
    const field = path ? `${path}.${key}` : key;
    if (forbiddenKeys.has(key)) return [{ field, messages: [`${key} is not allowed`] }];
    return unsafeInput((value as Record<string, unknown>)[key], field);
  });
}
