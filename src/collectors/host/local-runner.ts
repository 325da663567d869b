// Runs the fixed commands on this machine with execFile: no shell, argument arrays only.
import { execFile } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import os from 'node:os';
import { argvFor, COMMAND_PATH, type HostCommand } from './commands.ts';
import type { CommandOutput, CommandRunner } from './runner.ts';

const MAX_OUTPUT = 32 * 1024 * 1024;

export function localRunner(options: { sudo: boolean; timeoutMs: number; signal: AbortSignal }): CommandRunner {
  // Every command in flight listens for the abort: about thirty at once.
  setMaxListeners(100, options.signal);
  return {
    host: os.hostname(),
    run: (command: HostCommand) =>
      new Promise<CommandOutput>((resolve) => {
        const [file, ...args] = argvFor(command, options.sudo);
        execFile(
          file!,
          args,
          {
            env: { ...process.env, PATH: COMMAND_PATH, LC_ALL: 'C' },
            maxBuffer: MAX_OUTPUT,
            timeout: options.timeoutMs,
            signal: options.signal,
            encoding: 'utf8',
          },
          (error, stdout, stderr) => {
            const code = (error as (NodeJS.ErrnoException & { code?: unknown }) | null)?.code;
            if (code === 'ENOENT') resolve({ exitCode: null, stdout: '', stderr: `${file}: not found`, missing: true });
            else if (error && typeof code !== 'number')
              resolve({ exitCode: null, stdout, stderr: `${stderr}${error.killed ? 'timed out' : error.message}` });
            else resolve({ exitCode: error ? (code as unknown as number) : 0, stdout, stderr });
          },
        );
      }),
    close: () => {},
  };
}
