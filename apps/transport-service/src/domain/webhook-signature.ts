import { createHmac, timingSafeEqual } from 'node:crypto';
import { TransportError } from './transport-errors';

/** How far the signed timestamp may be from `now`, either way: 5 minutes. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface SignedWebhook {
  /** Unix time in whole seconds, as sent by the carrier (header value, unparsed). */
  readonly timestamp: string | undefined;
  /** Lowercase or uppercase hex HMAC-SHA256, optionally prefixed `sha256=`. */
  readonly signature: string | undefined;
  /** The body exactly as received: re-serialised JSON would not verify. */
  readonly rawBody: string | Uint8Array;
}

const TIMESTAMP_SHAPE = /^\d{1,12}$/;
const SIGNATURE_SHAPE = /^(?:sha256=)?([0-9a-fA-F]{64})$/;

/** HMAC-SHA256 of `${timestamp}.${rawBody}` with the carrier's webhookSecret, as hex. */
export function signWebhook(
  secret: string,
  timestamp: string,
  rawBody: string | Uint8Array,
): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/**
 * Accepts a webhook only when it is signed with `secret` and its timestamp is within
 * 5 minutes of `now` (UTC epoch ms). The MAC is checked before the age, so EXPIRED means
 * "genuine but stale" (a replay or a badly delayed retry), and the comparison is constant
 * time so a forger learns nothing from response times.
 */
export function verifyWebhookSignature(webhook: SignedWebhook, secret: string, now: number): void {
  const { timestamp, signature } = webhook;
  if (!timestamp || !signature) {
    throw new TransportError('TRANSPORT.SIGNATURE_MISSING', 'timestamp and signature are required');
  }
  const presented = SIGNATURE_SHAPE.exec(signature.trim());
  if (!secret || !TIMESTAMP_SHAPE.test(timestamp) || !presented) {
    throw new TransportError('TRANSPORT.SIGNATURE_INVALID', 'malformed timestamp or signature');
  }
  const expected = Buffer.from(signWebhook(secret, timestamp, webhook.rawBody), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(presented[1], 'hex'))) {
    throw new TransportError('TRANSPORT.SIGNATURE_INVALID', 'signature does not match');
  }
  const ageSeconds = Math.floor(now / 1000) - Number(timestamp);
  if (Math.abs(ageSeconds) > SIGNATURE_TOLERANCE_SECONDS) {
    throw new TransportError(
      'TRANSPORT.SIGNATURE_EXPIRED',
      `signed ${ageSeconds} s from now; the tolerance is ${SIGNATURE_TOLERANCE_SECONDS} s`,
      { ageSeconds },
    );
  }
}
