// Types of what TypeScript callers (npm start, benchmarks) use from stack.mjs.
export interface StackUpResult {
  alreadyUp: boolean;
  startedNow: boolean;
  started: string[];
}

export function ensureStackUp(options?: {
  log?: (line: string) => void;
  /** SASL_SSL (SCRAM-SHA-512) on the broker's client listener; see README. */
  secure?: boolean;
}): Promise<StackUpResult>;
export function stackDown(options?: {
  purge?: boolean;
  log?: (line: string) => void;
}): Promise<void>;
