export type Severity = 'error' | 'warning';

export interface Finding {
  severity: Severity;
  /** Which check: compose-schema, k8s-schema, env, port, image, dockerfile, kustomize, ... */
  check: string;
  /** The file or object concerned. */
  where: string;
  message: string;
}

/** Collects findings for one check and one place. */
export class Findings {
  readonly all: Finding[] = [];

  error(check: string, where: string, message: string): void {
    this.all.push({ severity: 'error', check, where, message });
  }

  warn(check: string, where: string, message: string): void {
    this.all.push({ severity: 'warning', check, where, message });
  }

  get errors(): Finding[] {
    return this.all.filter((f) => f.severity === 'error');
  }
}

export function formatFinding(f: Finding): string {
  return `${f.severity === 'error' ? 'ERROR' : 'warn '} [${f.check}] ${f.where}: ${f.message}`;
}
