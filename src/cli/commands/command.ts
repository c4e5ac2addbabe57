/** The shape every CLI command has; main.ts lists them explicitly (no registration by import side effect). */

export interface Io {
  /** A line to standard output. */
  out(line: string): void;
  /** A line to standard error. */
  err(line: string): void;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly help: string;
  /** Runs the command; returns the exit code. Throws UsageError / LinclassError for user-facing failures. */
  run(argv: readonly string[], io: Io): number | Promise<number>;
}
