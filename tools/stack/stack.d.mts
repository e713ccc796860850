// Types of what TypeScript callers (npm start, benchmarks) use from stack.mjs.
export interface StackUpResult {
  alreadyUp: boolean;
  startedNow: boolean;
  started: string[];
}

export function ensureStackUp(options?: { log?: (line: string) => void }): Promise<StackUpResult>;
export function stackDown(options?: {
  purge?: boolean;
  log?: (line: string) => void;
}): Promise<void>;
