// What every command of the CLI shares: where it writes, and what its exit codes mean.
import { closeSync, openSync, writeSync } from 'node:fs';
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

// A long report is written in pieces of about this many characters: one UTF-8 copy of 40 MB costs
// more than forty of 1 MB (a fresh buffer that large is paged in as it is filled), and none of them
// has to be held at once.
const PIECE_LENGTH = 1 << 20;

/**
 * `text` in pieces of at least `length` characters that each end with a line end, but the last
 * (the rest of the text, maybe empty when the text is): their concatenation is `text`. A piece never
 * ends inside a surrogate pair, so each is encoded as the whole text is.
 */
export function* linePieces(text: string, length = PIECE_LENGTH): Generator<string> {
  let start = 0;
  while (text.length - start > length) {
    const end = text.indexOf('\n', start + length - 1);
    if (end === -1) break;
    yield text.slice(start, end + 1);
    start = end + 1;
  }
  if (start < text.length || text.length === 0) yield text.slice(start);
}

/**
 * Writes `text` to `file` (created or truncated, as writeFileSync does) in line pieces: the same
 * bytes as writeFileSync(file, text).
 */
export function writeTextFile(file: string, text: string): void {
  const fd = openSync(file, 'w');
  try {
    for (const piece of linePieces(text)) writeSync(fd, piece);
  } finally {
    closeSync(fd);
  }
}

/**
 * Prints `text` to `io.stdout` in line pieces when `redactor`, which `io` passes every piece
 * through, redacts each line on its own as it redacts the whole (see redactsWithinLines); whole
 * otherwise.
 */
export function printText(io: Io, text: string, redactor: Redactor): void {
  if (!redactor.redactsWithinLines()) {
    io.stdout(text);
    return;
  }
  for (const piece of linePieces(text)) io.stdout(piece);
}

/** 0: clean; 1: findings at --fail-on, or a verification that failed; 2: bad usage or unreadable input. */
export const EXIT = { ok: 0, failed: 1, error: 2 } as const;
