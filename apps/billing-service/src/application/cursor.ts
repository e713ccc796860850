import { RequestRejectedError } from './application-errors';

export function encodeCursor(last: { at: Date; id: string }): string {
  return Buffer.from(`${last.at.toISOString()}|${last.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const date = new Date(at);
  if (!id || Number.isNaN(date.getTime())) {
    throw new RequestRejectedError(
      422,
      'REQUEST.INVALID_CURSOR',
      'the cursor is not one this API gave',
    );
  }
  return { at: date, id };
}
