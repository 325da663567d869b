// Collection progress on stderr: on a terminal one line redrawn in place, with a bar when the
// collector counts steps (regions, subscriptions); elsewhere (CI logs, files) one plain line per
// event, so a log keeps every step.
import type { ProgressEvent } from '../collectors/contract.ts';

const WIDTH = 20;

/** `[########............] 8/20`. */
export function progressBar(done: number, total: number): string {
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * WIDTH) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${done}/${total}`;
}

export interface ProgressPrinter {
  onProgress: (event: ProgressEvent) => void;
  /** Ends the redrawn line so what follows starts on its own. */
  done: () => void;
}

export function progressPrinter(write: (s: string) => void, terminal: boolean): ProgressPrinter {
  let open = false;
  return {
    onProgress(event) {
      const step = event.step ? `${progressBar(event.step.done, event.step.total)} ` : '';
      const line = `${event.collector}: ${step}${event.message}`;
      if (!terminal) {
        write(`${line}\n`);
        return;
      }
      // Carriage return and erase-line: the next event replaces this one.
      write(`\r\x1b[K${line}`);
      open = true;
    },
    done() {
      if (open) write('\n');
      open = false;
    },
  };
}
