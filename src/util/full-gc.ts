// A full garbage collection on demand. V8 promotes the many short-lived strings of a large report
// writer to its old space and collects that space only as the heap nears its limit, so the garbage
// of one output is still held while the next is written and the peaks add up. Between large
// outputs one full collection keeps the peak to a single writer's working set.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

export function collectGarbage(): void {
  if (!gc) {
    // `gc` is exposed to contexts created after the flag is set; the flag changes nothing else.
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
