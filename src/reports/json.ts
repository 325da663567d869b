// The results contract, as stored and as other tools read it.
import type { Results } from '../model/results.ts';
import { type TextSink, writeJson } from '../util/json-stream.ts';

export function renderJson(results: Results): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}

/** The same bytes as renderJson, written piece by piece (results.json of a large run passes 512 MB). */
export function writeJsonResults(results: Results, sink: TextSink): void {
  writeJson(sink, results, 2);
  sink.write('\n');
}
