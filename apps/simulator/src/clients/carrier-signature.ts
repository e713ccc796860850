import { createHmac } from 'node:crypto';

/**
 * How a carrier signs a webhook to transport-service: hex HMAC-SHA256 of `${timestamp}.${body}`
 * with its webhook secret, the timestamp in Unix seconds.
 */
export function signedHeaders(
  secret: string,
  rawBody: string,
  now = Date.now(),
): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));
  const signature = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
  return { 'x-logisync-timestamp': timestamp, 'x-logisync-signature': `sha256=${signature}` };
}
