import { signWebhook, verifyWebhookSignature, type SignedWebhook } from './webhook-signature';

const SECRET = 'whsec_test';
const TIMESTAMP = '1767600000'; // 2026-01-05T08:00:00Z
const NOW = 1_767_600_000_000;
const BODY = '{"tenderId":"shp-1:tender:1","decision":"ACCEPT"}';
/** Computed outside Node (Python hmac), so the spec does not check the code against itself. */
const KNOWN_SIGNATURE = '1cc14585700b4edb1fd2b1cdc4d42e8d8738acd775c65ccaec803cf9773c4f1a';

const signed = (overrides: Partial<SignedWebhook> = {}): SignedWebhook => ({
  timestamp: TIMESTAMP,
  signature: KNOWN_SIGNATURE,
  rawBody: BODY,
  ...overrides,
});
const verify =
  (webhook: SignedWebhook, now = NOW, secret = SECRET) =>
  () =>
    verifyWebhookSignature(webhook, secret, now);
const code = (code: string) => expect.objectContaining({ code });

/** A genuine webhook signed `offsetSeconds` away from NOW. */
function signedAt(offsetSeconds: number): SignedWebhook {
  const timestamp = String(Number(TIMESTAMP) + offsetSeconds);
  return { timestamp, rawBody: BODY, signature: signWebhook(SECRET, timestamp, BODY) };
}

describe('verifyWebhookSignature', () => {
  it('signs HMAC-SHA256 over `${timestamp}.${rawBody}`', () => {
    expect(signWebhook(SECRET, TIMESTAMP, BODY)).toBe(KNOWN_SIGNATURE);
  });

  it('accepts a genuine webhook', () => {
    expect(verify(signed())).not.toThrow();
  });

  it.each([
    ['uppercase hex', KNOWN_SIGNATURE.toUpperCase()],
    ['a sha256= prefix', `sha256=${KNOWN_SIGNATURE}`],
    ['surrounding spaces', ` ${KNOWN_SIGNATURE} `],
  ])('accepts %s', (_, signature) => {
    expect(verify(signed({ signature }))).not.toThrow();
  });

  it('verifies bytes as received', () => {
    expect(verify(signed({ rawBody: Buffer.from(BODY, 'utf8') }))).not.toThrow();
  });

  it.each([
    ['no timestamp', { timestamp: undefined }],
    ['an empty timestamp', { timestamp: '' }],
    ['no signature', { signature: undefined }],
    ['an empty signature', { signature: '' }],
  ])('refuses %s as SIGNATURE_MISSING', (_, overrides) => {
    expect(verify(signed(overrides))).toThrow(code('TRANSPORT.SIGNATURE_MISSING'));
  });

  it.each([
    ['a tampered body', { rawBody: BODY.replace('ACCEPT', 'REJECT') }],
    ['a body with one more space', { rawBody: `${BODY} ` }],
    ['a moved timestamp', { timestamp: '1767600001' }],
    ['a signature off by one digit', { signature: `0${KNOWN_SIGNATURE.slice(1)}` }],
    ['a short signature', { signature: KNOWN_SIGNATURE.slice(0, 62) }],
    ['a non-hex signature', { signature: 'z'.repeat(64) }],
    ['a non-numeric timestamp', { timestamp: '2026-01-05T08:00:00Z' }],
    ['a negative timestamp', { timestamp: '-1767600000' }],
    ['a timestamp in milliseconds', { timestamp: '1767600000000000' }],
  ])('refuses %s as SIGNATURE_INVALID', (_, overrides) => {
    expect(verify(signed(overrides))).toThrow(code('TRANSPORT.SIGNATURE_INVALID'));
  });

  it("refuses another carrier's secret, and an empty one", () => {
    expect(verify(signed(), NOW, 'whsec_other')).toThrow(code('TRANSPORT.SIGNATURE_INVALID'));
    expect(verify(signed(), NOW, '')).toThrow(code('TRANSPORT.SIGNATURE_INVALID'));
  });

  it.each([-300, -1, 0, 1, 300])('accepts a timestamp %i s from now', (offset) => {
    expect(verify(signedAt(offset))).not.toThrow();
  });

  it.each([-301, 301, -86_400, 86_400])(
    'refuses a timestamp %i s from now as SIGNATURE_EXPIRED',
    (offset) => {
      expect(verify(signedAt(offset))).toThrow(code('TRANSPORT.SIGNATURE_EXPIRED'));
    },
  );

  it('checks the tolerance against the whole second of now', () => {
    expect(verify(signedAt(-300), NOW + 999)).not.toThrow();
    expect(verify(signedAt(-300), NOW + 1000)).toThrow(code('TRANSPORT.SIGNATURE_EXPIRED'));
  });

  it('reports a stale forgery as forged, not as expired', () => {
    const stale = signedAt(-3600);
    expect(verify({ ...stale, rawBody: `${BODY}x` })).toThrow(code('TRANSPORT.SIGNATURE_INVALID'));
  });
});
