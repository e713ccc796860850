import { renderTable, type Column, type Row } from './table';

/**
 * Where a command speaks. People get tables and notes; with --json, stdout carries exactly one
 * JSON document and everything for people (notes, progress) goes to stderr.
 */
export class Output {
  constructor(
    readonly json: boolean,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly stderr: NodeJS.WritableStream = process.stderr,
  ) {}

  /** A note for people: stdout normally, stderr under --json. */
  note(message: string): void {
    (this.json ? this.stderr : this.stdout).write(`${message}\n`);
  }

  warn(message: string): void {
    this.stderr.write(`${message}\n`);
  }

  table(title: string | undefined, rows: readonly Row[], columns?: readonly Column[]): void {
    if (this.json) return;
    if (title) this.stdout.write(`${title}\n`);
    this.stdout.write(`${renderTable(rows, columns)}\n`);
  }

  /** The machine-readable result; printed only under --json. */
  result(value: unknown): void {
    if (this.json) this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  progress(label: string, total: number): Progress {
    return new Progress(label, total, this.stderr);
  }
}

/** A progress bar on a terminal; on a pipe, a line at most every two seconds. */
export class Progress {
  private lastLine = 0;
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WritableStream,
  ) {
    this.tty = Boolean((stream as NodeJS.WriteStream).isTTY);
  }

  update(done: number, detail = ''): void {
    const now = Date.now();
    if (!this.tty && now - this.lastLine < 2_000) return;
    this.lastLine = now;
    const ratio = this.total > 0 ? Math.min(1, Math.max(0, done / this.total)) : 1;
    const bar = '#'.repeat(Math.round(ratio * 30)).padEnd(30, '.');
    const line = `${this.label} [${bar}] ${done}/${this.total} ${detail}`.trimEnd();
    this.stream.write(this.tty ? `\r${line}\x1b[K` : `${line}\n`);
  }

  finish(detail = ''): void {
    this.lastLine = 0;
    this.update(this.total, detail);
    if (this.tty) this.stream.write('\n');
  }
}
