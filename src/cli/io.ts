// What every command of the CLI shares: where it writes, and what its exit codes mean.
import type { Redactor } from '../kit/redaction.ts';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTty: boolean;
  /** Whether stderr is a terminal: collection progress is shown there by default. */
  isStderrTty?: boolean;
  /**
   * A signal aborted when the user interrupts (Ctrl-C); asked for only by commands that can stop
   * early and keep what they read (`collect`). Absent: no interruption is handled.
   */
  interrupt?: () => AbortSignal;
}

/** The same Io with every line passed through the redactor: no resolved secret is ever printed. */
export function redactedIo(io: Io, redactor: Redactor): Io {
  return {
    ...io,
    stdout: (s) => io.stdout(redactor.redact(s)),
    stderr: (s) => io.stderr(redactor.redact(s)),
  };
}

/** 0: clean; 1: findings at --fail-on, or a verification that failed; 2: bad usage or unreadable input. */
export const EXIT = { ok: 0, failed: 1, error: 2 } as const;
