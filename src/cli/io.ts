// What every command of the CLI shares: where it writes, and what its exit codes mean.

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTty: boolean;
}

/** 0: clean; 1: findings at --fail-on, or a verification that failed; 2: bad usage or unreadable input. */
export const EXIT = { ok: 0, failed: 1, error: 2 } as const;
