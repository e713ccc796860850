import { CpuMeter, type CpuClock } from './cpu-meter';

/** A process clock that reads what the test says the process has used so far. */
function fakeClock(): { clock: CpuClock; use: (user: number, system: number) => void } {
  const total = { user: 0, system: 0 };
  return {
    clock: (since) =>
      since ? { user: total.user - since.user, system: total.system - since.system } : { ...total },
    use: (user, system) => {
      total.user += user;
      total.system += system;
    },
  };
}

describe('the CPU meter', () => {
  it('divides the CPU of the run window, user and system, by the completed flows', () => {
    const { clock, use } = fakeClock();
    const meter = new CpuMeter(clock);
    use(400_000, 100_000); // start-up and seeding: outside the window
    meter.start();
    use(2_000_000, 1_000_000);
    meter.stop();
    use(700_000, 0); // the invariant checks: outside too
    expect(meter.report(1_000)).toEqual({
      flows: 1_000,
      runMs: 3_000,
      perFlowMs: 3,
      processMs: 4_200,
    });
  });

  it('keeps the first stop: a second one after the checks does not widen the window', () => {
    const { clock, use } = fakeClock();
    const meter = new CpuMeter(clock);
    meter.start();
    use(1_500, 0);
    meter.stop();
    use(9_000, 0);
    meter.stop();
    expect(meter.report(3).runMs).toBe(1.5);
    expect(meter.report(3).perFlowMs).toBe(0.5);
  });

  it('has no per-flow figure without a completed flow or a window', () => {
    const { clock, use } = fakeClock();
    const meter = new CpuMeter(clock);
    use(1_000, 0);
    expect(meter.report(5)).toEqual({ flows: 5, runMs: 0, perFlowMs: null, processMs: 1 });
    meter.start();
    meter.stop();
    expect(meter.report(0).perFlowMs).toBeNull();
    expect(() => new CpuMeter(clock).stop()).toThrow(/before it was started/);
  });

  it('reads the real process clock by default', () => {
    const meter = new CpuMeter();
    meter.start();
    let spin = 0;
    for (let i = 0; i < 2_000_000; i++) spin += i % 7;
    meter.stop();
    expect(spin).toBeGreaterThan(0);
    const report = meter.report(1);
    expect(report.runMs).toBeGreaterThan(0);
    expect(report.processMs).toBeGreaterThanOrEqual(report.runMs);
  });
});
