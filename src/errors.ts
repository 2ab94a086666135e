// Failures before the child runs carry their exit code and are caught once, in main.

/** Bad usage or a bad value: exit 2, one line naming the flag (or env var) and the value. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** The command could not be started: 127 not found, 126 found but not executable. */
export class SpawnError extends Error {
  constructor(
    message: string,
    readonly exitCode: 126 | 127,
  ) {
    super(message);
  }
}
