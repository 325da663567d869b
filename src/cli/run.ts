// Process entry: wires the CLI to the real stdout/stderr, interrupts and exit code.
import { VERSION } from '../version.ts';

const args = process.argv.slice(2);
// `assay --version` needs none of the commands: answer it before loading them.
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { main } = await import('./main.ts');
  process.exitCode = await main(args, {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTty: Boolean(process.stdout.isTTY),
    isStderrTty: Boolean(process.stderr.isTTY),
    interrupt: () => {
      // The first Ctrl-C stops the collection after the current read and keeps what was read; once
      // this listener has run, Node's default applies again, so a second Ctrl-C ends the process.
      const controller = new AbortController();
      process.once('SIGINT', () => {
        process.stderr.write('interrupted: stopping after the current read (Ctrl-C again to quit)\n');
        controller.abort();
      });
      return controller.signal;
    },
  });
}
