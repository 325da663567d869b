// Process entry: wires the CLI to the real stdout/stderr, interrupts and exit code.
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2), {
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
