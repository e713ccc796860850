/** What `logisync` exits with; scripts branch on these, so they never change meaning. */
export const ExitCode = {
  ok: 0,
  /** Something unexpected failed; the message says what. */
  failed: 1,
  /** The command line is wrong: unknown option, missing value, bad date or duration. */
  usage: 2,
  /** The input or the state is not as it should be: an invalid event, a difference found. */
  invalid: 3,
  /** A safety rule refused the action: loop guard, live group without an admin endpoint, skip forward. */
  refused: 4,
  /** Kafka, the registry, PostgreSQL or a service could not be reached. */
  unavailable: 5,
  /** The work started but did not finish in time (lag not back to 0). */
  timeout: 6,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error that carries the exit code the process ends with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue = ExitCode.failed,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}

export const usageError = (message: string) => new CliError(message, ExitCode.usage);
export const refused = (message: string) => new CliError(message, ExitCode.refused);
