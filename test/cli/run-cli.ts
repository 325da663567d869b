// Runs the CLI in-process through main(), as a user would from `cwd`, capturing output and exit code.
import path from 'node:path';
import { main } from '../../src/cli/main.ts';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export async function runCli(args: string[], cwd = repoRoot) {
  let stdout = '';
  let stderr = '';
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const code = await main(args, {
      stdout: (s) => {
        stdout += s;
      },
      stderr: (s) => {
        stderr += s;
      },
      isTty: false,
    });
    return { code, stdout, stderr };
  } finally {
    process.chdir(previous);
  }
}
