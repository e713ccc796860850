/** The benchmark's settings, parsed once; every one of them goes into the result file. */
import { parseArgs } from 'node:util';

export interface BenchSettings {
  quick: boolean;
  rates: number[];
  stepSeconds: number;
  repeat: number;
  /** Consecutive runs of a step that must keep up for its rate to be the maximum. */
  consecutiveNeeded: number;
  lagLimitSeconds: number;
  seed: number;
  samplerIntervalMs: number;
  cpuProf?: string;
  replayService: string;
  baselines: boolean;
  replay: boolean;
  rebuild: boolean;
  out?: string;
  help: boolean;
}

/** Rates that rise slowly where the system is today and keep going for when it is faster. */
const QUICK_RATES = '2,4,6,8,12,16,24,32,48,64';
const FULL_RATES = '2,4,6,8,12,16,24,32,48,64,96,128,192,256,384';

export function parseBenchOptions(args: string[] = process.argv.slice(2)): BenchSettings {
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean', default: false },
      rates: { type: 'string' },
      'step-seconds': { type: 'string' },
      repeat: { type: 'string', default: '2' },
      'lag-limit': { type: 'string', default: '10' },
      seed: { type: 'string', default: '1' },
      'cpu-prof': { type: 'string' },
      'replay-service': { type: 'string', default: 'billing-service' },
      'no-baselines': { type: 'boolean', default: false },
      'no-replay': { type: 'boolean', default: false },
      'no-rebuild': { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const quick = values.quick!;
  const number = (name: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} needs a number >= ${min}`);
    return n;
  };
  const rates = (values.rates ?? (quick ? QUICK_RATES : FULL_RATES))
    .split(',')
    .map((r) => number('rates', r, 0.1))
    .sort((a, b) => a - b);
  const repeat = Math.round(number('repeat', values.repeat!, 1));
  return {
    quick,
    rates,
    stepSeconds: number('step-seconds', values['step-seconds'] ?? (quick ? '10' : '20'), 1),
    repeat,
    consecutiveNeeded: Math.min(2, repeat),
    lagLimitSeconds: number('lag-limit', values['lag-limit']!, 0),
    seed: Math.round(number('seed', values.seed!, 0)),
    samplerIntervalMs: 250,
    cpuProf: values['cpu-prof'],
    replayService: values['replay-service']!,
    baselines: !values['no-baselines'],
    replay: !values['no-replay'],
    rebuild: !values['no-rebuild'],
    out: values.out,
    help: values.help!,
  };
}
