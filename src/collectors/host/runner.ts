// One way to run a fixed command on a host, locally or over SSH, and what its failure means.
import type { Gap, GapReason } from '../../model/resource.ts';
import type { HostCommand } from './commands.ts';

/** A connection failure as a gap reason and a sentence naming the host. */
export class SshConnectError extends Error {
  constructor(
    readonly reason: GapReason,
    message: string,
  ) {
    super(message);
  }
}

export interface CommandOutput {
  /** null when the command did not run to an exit (killed, connection lost). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** The binary was not found (local ENOENT, or a shell's 127). */
  missing?: boolean;
}

export interface CommandRunner {
  /** Where it runs, as the snapshot names the host. */
  host: string;
  run(command: HostCommand): Promise<CommandOutput>;
  close(): void;
}

/** How a command ended, for the reader of its output. */
export type Outcome =
  | { ok: true; output: CommandOutput }
  | { ok: false; absent: true }
  | { ok: false; absent?: false; gap: Gap };

const DENIED =
  /permission denied|operation not permitted|must be root|must be run as root|you must be root|a password is required|no hostkeys available|access denied|not allowed/i;
const NO_SYSTEMD = /not been booted with systemd|failed to connect to bus/i;
const NO_FILE = /no such file or directory/i;

/**
 * Reads a command's result: success, a missing optional file (a fact, not a gap), or a gap naming
 * the command or file and why. `partialOk` accepts a non-zero exit when stdout has content
 * (stat with one missing file, sysctl with unreadable keys).
 */
export function outcomeOf(command: HostCommand, output: CommandOutput, host: string, partialOk = false): Outcome {
  const what = command.file && command.argv[0] === 'cat' ? command.file : `\`${command.argv.join(' ')}\``.slice(0, 120);
  const binary = command.argv[0]!;
  const firstLine =
    output.stderr
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? '';
  const gap = (reason: GapReason, message: string, extra: Partial<Gap> = {}): Outcome => ({
    ok: false,
    gap: {
      reason,
      message,
      endpoint: host,
      kinds: command.kinds,
      ...(command.file ? { file: command.file } : {}),
      ...extra,
    },
  });
  if (output.exitCode === 0) return { ok: true, output };
  if (output.exitCode === command.noMatchExit && `${output.stdout}${output.stderr}`.trim() === '')
    return { ok: true, output };
  if (partialOk && output.exitCode !== null && output.stdout.trim() !== '') return { ok: true, output };
  if (output.missing || output.exitCode === 127) {
    return gap('unsupported', `${binary} is not installed (needed for ${command.id})`);
  }
  if (NO_SYSTEMD.test(output.stderr))
    return gap('unsupported', `${what}: systemd is not running on the host (${firstLine})`);
  if (DENIED.test(output.stderr)) {
    return gap('permission-denied', `${what}: permission denied (${firstLine}); run as root or with --sudo`, {
      permission: command.file ? `read ${command.file}` : `run ${binary}`,
    });
  }
  if (command.file && NO_FILE.test(output.stderr)) {
    if (command.optional) return { ok: false, absent: true };
    return gap('unreadable', `${command.file} does not exist`);
  }
  if (output.exitCode === null) return gap('other', `${what} did not finish: ${firstLine || 'connection lost'}`);
  return gap('other', `${what} failed with exit code ${output.exitCode}${firstLine ? `: ${firstLine}` : ''}`);
}
