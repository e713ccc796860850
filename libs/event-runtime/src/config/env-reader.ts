/** A configuration problem, listing every bad or missing variable at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * A value that did not parse as a URL may still carry a password (postgres://u:secret@h:99999):
 * whatever sits between '//user:' and '@' is not repeated in a message.
 */
function withoutPassword(value: string): string {
  return value.replace(/(\/\/[^/@:]*:).*@/, '$1***@');
}

/**
 * Reads typed values from an environment map, collecting problems instead of failing on the
 * first, so a misconfigured service says everything that is wrong in one message.
 */
export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: Record<string, string | undefined>) {}

  string(name: string, fallback?: string): string {
    const value = this.env[name]?.trim() || fallback;
    if (value === undefined) this.problems.push(`${name} is required`);
    return value ?? '';
  }

  port(name: string, fallback: number): number {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > 65_535) {
      this.problems.push(`${name} must be a port number (1-65535), got '${raw}'`);
    }
    return value;
  }

  url(name: string, fallback: string, protocols: string[]): string {
    const value = this.string(name, fallback);
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) {
        this.problems.push(`${name} must use ${protocols.join(' or ')}, got '${parsed.protocol}'`);
      }
    } catch {
      this.problems.push(`${name} must be a URL, got '${withoutPassword(value)}'`);
    }
    return value;
  }

  /** A whole number of at least `min`. */
  integer(name: string, fallback: number, min: number): number {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) {
      this.problems.push(`${name} must be a whole number of at least ${min}, got '${raw}'`);
    }
    return value;
  }

  list(name: string, fallback: string): string[] {
    const items = this.string(name, fallback)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (items.length === 0) this.problems.push(`${name} must list at least one value`);
    return items;
  }

  /** Adds problems another reader found, to be reported together. */
  problem(...problems: string[]): void {
    this.problems.push(...problems);
  }

  /** Throws a ConfigError naming every problem found so far. */
  done(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}
