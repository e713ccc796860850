import {
  childTraceparent,
  currentTraceId,
  currentTraceparent,
  isTraceparent,
  newTraceparent,
  runInTrace,
  traceIdOf,
} from './trace-context';

describe('the trace context', () => {
  it('makes valid traceparents and continues a trace with a new span', () => {
    const root = newTraceparent();
    expect(isTraceparent(root)).toBe(true);
    const child = childTraceparent(root);
    expect(traceIdOf(child)).toBe(traceIdOf(root));
    expect(child).not.toBe(root);
    expect(child.endsWith('-01')).toBe(true);
  });

  it('starts a new trace from nothing or from garbage', () => {
    for (const bad of [
      undefined,
      '',
      'abc',
      '00-' + '0'.repeat(32) + '-' + '1'.repeat(16) + '-01',
    ]) {
      expect(isTraceparent(childTraceparent(bad))).toBe(true);
    }
    expect(isTraceparent('00-' + '0'.repeat(32) + '-' + '1'.repeat(16) + '-01')).toBe(false);
  });

  it('is visible to everything the work awaits, and only there', async () => {
    const parent = newTraceparent();
    expect(currentTraceparent()).toBeUndefined();
    const seen = await runInTrace(parent, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentTraceId();
    });
    expect(seen).toBe(traceIdOf(parent));
    expect(currentTraceparent()).toBeUndefined();
  });
});
