// The run's provenance as label/value lines, the same in every report: who ran it, where, from
// which code, with which tool and rules. Unknown values say so.
import type { Results } from '../model/results.ts';

export const UNKNOWN = 'unknown';

/** [label, value] pairs; a document without a run record (older results) says that once. */
export function provenanceLines(results: Results): [string, string][] {
  const run = results.run;
  const lines: [string, string][] = [];
  if (run) {
    const p = run.provenance;
    const known = (value: string | null | undefined) => value ?? UNKNOWN;
    if (p) {
      const commit =
        p.commit === null ? UNKNOWN : `${p.commit}${p.uncommittedChanges ? ' (with uncommitted changes)' : ''}`;
      lines.push(
        ['Repository', known(p.repository)],
        ['Commit', commit],
        ['Branch', known(p.branch)],
        ['CI system', p.ciSystem ?? 'none detected'],
        ['CI run', p.runUrl ?? p.runId ?? UNKNOWN],
        ['Run by', known(p.actor)],
        ['Host', known(p.host)],
      );
    } else {
      lines.push(['Provenance', 'not recorded (results from an older assay)']);
    }
    lines.push(['Run id', run.id], ['Run started', run.startedAt], ['Run finished', run.finishedAt]);
  } else {
    lines.push(['Run', 'not recorded (results built outside a pipeline run)']);
  }
  lines.push(['assay version', results.tool.version], ['Policy bundle sha256', results.tool.bundleSha256]);
  if (run && !run.bundle.builtIn) lines.push(['Policy bundle', 'user-supplied (--bundle or --policies)']);
  return lines;
}

/** The host the run executed on, or "unknown". */
export function runHost(results: Results): string {
  return results.run?.provenance?.host ?? UNKNOWN;
}
