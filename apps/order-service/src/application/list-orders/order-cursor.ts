import { BusinessRuleError } from '../../domain/order.errors';

export function encodeCursor(last: { createdAt: Date; id: string }): string {
  return Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(at);
  if (!id || Number.isNaN(createdAt.getTime())) {
    throw new BusinessRuleError('REQUEST.INVALID_CURSOR', 'the cursor is not one this API gave');
  }
  return { createdAt, id };
}
