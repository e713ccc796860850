import type { ValueTransformer } from 'typeorm';

/** bigint comes back from pg as a string; minor units stay well inside 2^53. */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
