// The results contract, as stored and as other tools read it.
import type { Results } from '../model/results.ts';

export function renderJson(results: Results): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}
